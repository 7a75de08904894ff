import ArgumentParser
import Commendation
import SyncCore

/// The `--db` option every command takes, and opening the replica it names.
struct ReplicaOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The replica file.", valueName: "file"))
    var db: String

    /// Opens the replica; fails with `replica_unusable` when the file is missing or not a replica.
    func open() throws -> Replica {
        try Replica.open(at: db, schema: .commendation)
    }
}
