import ArgumentParser
import SyncCore
import SyncServer

/// `tdsync hub …`: node administration on the hub's data directory.
struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Register nodes and manage their tokens (on the hub's machine).",
        discussion: """
            These commands work on the hub's data directory directly; they may run while the hub \
            serves. The directory must exist: run `tdsync serve --data DIR` once to create it.
            """,
        subcommands: [AddNode.self, ListNodes.self, RotateToken.self, Revoke.self]
    )

    struct DataOption: ParsableArguments {
        @Option(help: ArgumentHelp("The hub's data directory.", valueName: "dir"))
        var data: String

        func store() throws -> SQLiteHubStore { try SQLiteHubStore(directory: data, mustExist: true) }
    }

    struct AddNode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-node", abstract: "Register a node and print its token (shown once).")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var data: DataOption
        @Option(help: "The node's role.") var role: RoleChoice
        @Option(name: .customLong("scope"), help: ArgumentHelp("A province the node may read and write (repeatable).", valueName: "code"))
        var scopes: [String] = []
        @Flag(help: "Print {node, token} as JSON.") var json = false

        func run() throws {
            let token = try data.store().registerNode(try NodeID(node), role: role.role, scopes: scopes)
            if json { try Console.json(["node": node, "token": token]) } else { Console.line(token) }
        }
    }

    struct ListNodes: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-nodes", abstract: "List registered nodes.")

        @OptionGroup var data: DataOption
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let nodes = try data.store().nodes().map(NodeSummary.init)
            if json { try Console.json(nodes); return }
            var table = TextTable(header: ["node", "role", "scopes", "highest counter", "last pull", "revoked"])
            for n in nodes {
                table.rows.append([n.node, n.role, n.scopes.joined(separator: " "), String(n.highestCounter),
                           n.lastSeenSeq.map { "\($0) at \(n.lastSeenAt ?? "?")" } ?? "-", n.revoked ? "yes" : "no"])
            }
            table.print()
        }
    }

    struct RotateToken: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token", abstract: "Give a node a new token; the old one stops working at once.")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var data: DataOption

        func run() throws { Console.line(try data.store().rotateToken(try NodeID(node))) }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a node's token; its data stays. rotate-token re-admits it.")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var data: DataOption

        func run() throws {
            try data.store().revoke(try NodeID(node))
            Console.line("revoked \(node)")
        }
    }
}
