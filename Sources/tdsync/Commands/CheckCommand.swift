import ArgumentParser
import SyncCore

/// `tdsync check`: reads the whole replica and reports corruption.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a replica file for corruption (after a crash, a disk error, or a copy of doubtful origin).",
        discussion: """
            Runs SQLite's integrity check over every page and index, then decodes every record \
            and checks it against the sync invariants and the schema. Reads the whole file: \
            seconds on a large replica. Prints 'ok' and exits 0, or lists the problems found and \
            exits 6 (replica_unusable): restore the file from a backup, or create a new replica \
            and sync it from the hub (the hub holds everything this node pushed).
            """
    )

    @OptionGroup var replica: ReplicaOptions

    func run() throws {
        let opened = try replica.open()
        let problems = try opened.verify()
        guard !problems.isEmpty else { Console.line("ok: \(opened.path)"); return }
        for problem in problems { Console.line(problem) }
        throw SyncError(.replicaUnusable, "\(opened.path) is corrupt (\(problems.count) problem\(problems.count == 1 ? "" : "s") listed above)")
    }
}
