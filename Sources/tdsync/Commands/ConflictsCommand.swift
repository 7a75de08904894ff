import ArgumentParser
import SyncCore

/// `tdsync conflicts`: the open conflicts of the replica, with every concurrent value.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List open conflicts: fields that hold concurrent values from different writes.",
        discussion: "Readers see the value marked (visible) until someone runs `tdsync resolve`."
    )

    @OptionGroup var replica: ReplicaOptions

    @Flag(help: "Print a JSON array of {collection, id, scope, field, siblings, winner} objects.")
    var json = false

    func run() throws {
        let conflicts = try replica.open().conflicts()
        if json {
            try Console.json(conflicts.map(ConflictJSON.init))
            return
        }
        if conflicts.isEmpty {
            Console.line("no open conflicts")
            return
        }
        for (index, conflict) in conflicts.enumerated() {
            if index > 0 { Console.line() }
            Console.line("\(conflict.key) field \(conflict.field) (scope \(conflict.scope)):")
            SiblingTable.print(conflict.siblings, winner: conflict.winner)
        }
    }
}

/// One open conflict in JSON output.
struct ConflictJSON: Encodable {
    let collection: String
    let id: String
    let scope: String
    let field: String
    let siblings: [SiblingJSON]
    /// The dot of the sibling readers see.
    let winner: String

    init(_ conflict: Conflict) {
        collection = conflict.key.collection
        id = conflict.key.id
        scope = conflict.scope
        field = conflict.field
        siblings = conflict.siblings.map(SiblingJSON.init)
        winner = conflict.winner.dot.description
    }
}
