import ArgumentParser
import Foundation
import SyncClient
import SyncCore

/// `tdsync sync`: push the outbox, pull to the end, report.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync with the hub once: push local changes, pull everything new.",
        discussion: """
            Prints what was pushed, pulled, merged and rejected, and the conflicts left open. \
            On a terminal a progress line is shown for long syncs. Exits 10 when the hub \
            rejected some changes (they stay in the replica; `tdsync status` lists them), 9 when \
            the hub cannot be reached, 8 when the token is refused.
            """
    )

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var wire: WireOptions
    @Flag(help: "Print the report as JSON.") var json = false

    struct Report: Encodable {
        let pushed, pulled, pulledChanges, conflictsMerged, openConflicts: Int
        let cursor: Int64
        let rejected: [ApplyResult]
        enum CodingKeys: String, CodingKey {
            case pushed, pulled, pulledChanges = "pulled_changes", conflictsMerged = "conflicts_merged", openConflicts = "open_conflicts", cursor, rejected
        }
    }

    func run() async throws {
        let opened = try replica.open()
        let interactive = isatty(STDERR_FILENO) == 1 && !json
        let report = try await SyncSession(replica: opened, compression: wire.compression).sync(progress: interactive ? Progress.show : nil)
        if interactive { Progress.clear() }
        if json {
            try Console.json(Report(pushed: report.pushed.total, pulled: report.pulled.total, pulledChanges: report.pulledChanges,
                                    conflictsMerged: report.pulled.conflict, openConflicts: report.openConflicts,
                                    cursor: report.cursor, rejected: report.rejected))
        } else {
            Console.line("pushed \(report.pushed.total) (\(report.pushed.rejected) rejected), pulled \(report.pulled.total) (\(report.pulledChanges) changed this replica, \(report.pulled.conflict) with conflicts); open conflicts: \(report.openConflicts); cursor \(report.cursor)")
            for result in report.rejected {
                if case .rejected(let code, let message) = result.outcome { Console.line("  rejected  \(result.key): \(code): \(message)") }
            }
            for result in report.mergedWithConflict {
                if case .conflict(let fields) = result.outcome { Console.line("  conflict  \(result.key): \(fields.joined(separator: ", "))") }
            }
        }
        if !report.rejected.isEmpty { throw ExitCode(10) }
    }
}

/// A one-line progress display on standard error, for terminals.
enum Progress {
    @Sendable static func show(_ progress: SyncProgress) {
        let text: String
        switch progress {
        case .pushed(let done, let remaining): text = "pushing: \(done) sent, \(remaining) left"
        case .pulled(let done, let cursor, let hubSeq): text = "pulling: \(done) received, at \(cursor) of \(hubSeq)"
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    static func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
