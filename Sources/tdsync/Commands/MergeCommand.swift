import ArgumentParser
import SyncClient
import Commendation
import SyncCore

/// `tdsync merge`: takes another replica file's changes into this replica, without a hub.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Take the changes of another replica file into this one (exchange without a hub).",
        discussion: """
            For offices that carry a replica file on removable media. Every record of the other \
            file that lies in this replica's scopes is merged field by field; concurrent edits \
            become conflicts, nothing is overwritten. Run it both ways to exchange. Records in \
            the other file are not changed.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(name: .long, help: ArgumentHelp("The replica file to take changes from.", valueName: "file"))
    var from: String

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let target = try replica.open()
        let source = try Replica.open(at: from, schema: .commendation)
        let summary = try FileExchange.pull(into: target, from: source)
        if json {
            try Console.json([
                "applied": summary.applied, "already_known": summary.alreadyKnown,
                "conflicts": summary.conflicts.count, "rejected": summary.rejected.count,
            ])
            return
        }
        Console.line("merged \(from) into \(replica.db): \(summary.applied) applied, \(summary.alreadyKnown) already known, \(summary.conflicts.count) with conflicts, \(summary.rejected.count) rejected")
        for result in summary.conflicts {
            if case .conflict(let fields) = result.outcome { Console.line("  conflict  \(result.key): \(fields.joined(separator: ", "))") }
        }
        for result in summary.rejected {
            if case .rejected(let code, let message) = result.outcome { Console.line("  rejected  \(result.key): \(code): \(message)") }
        }
    }
}
