import ArgumentParser
import SyncCore

/// `tdsync status`: where the replica stands.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the node, its hub, outbox size, last sync, pull cursor, open conflicts and rejected changes.")

    @OptionGroup var replica: ReplicaOptions
    @Flag(help: "Print JSON.") var json = false

    struct Status: Encodable {
        let node, role: String
        let scopes: [String]
        let hub: String?
        let outbox: Int
        let lastSync: String?
        let lastError: String?
        let cursor: Int64
        let counter: UInt64
        let openConflicts: Int
        let rejected: [String]
        enum CodingKeys: String, CodingKey {
            case node, role, scopes, hub, outbox, lastSync = "last_sync", lastError = "last_error", cursor, counter
            case openConflicts = "open_conflicts", rejected
        }
    }

    func run() throws {
        let opened = try replica.open()
        let node = try opened.nodeState(), sync = try opened.syncState()
        let rejected = try opened.rejections().map { "\($0.key): \($0.code): \($0.message)" }
        let status = Status(node: node.node.rawValue, role: node.role.rawValue, scopes: node.scopes, hub: sync.hubURL,
                            outbox: sync.outboxSize, lastSync: sync.lastSyncAt, lastError: sync.lastError, cursor: sync.pullCursor,
                            counter: node.counter, openConflicts: try opened.conflicts().count, rejected: rejected)
        if json { try Console.json(status); return }
        Console.line("node       \(status.node) (\(status.role), scopes: \(status.scopes.joined(separator: " ")))")
        Console.line("hub        \(status.hub ?? "none (exchange by file with `tdsync merge`)")")
        Console.line("outbox     \(status.outbox) record(s) to push")
        Console.line("last sync  \(status.lastSync ?? "never")\(status.lastError.map { "; last error: \($0)" } ?? "")")
        Console.line("cursor     \(status.cursor)")
        Console.line("conflicts  \(status.openConflicts) open")
        Console.line("rejected   \(status.rejected.count)")
        for line in status.rejected { Console.line("  \(line)") }
    }
}
