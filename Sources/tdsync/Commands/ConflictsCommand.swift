import ArgumentParser
import SyncCore

/// `tdsync conflicts`: the open conflicts of the replica, with every concurrent value.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List open conflicts: fields that hold concurrent values from different writes.",
        discussion: """
            One row per concurrent value. The first column is the conflict's id, \
            collection/id/field, which `tdsync resolve` takes; the dot column names each write \
            (for `resolve --take NODE:COUNTER`). Readers see the value marked (visible) until \
            someone runs `tdsync resolve`.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Flag(help: "Print a JSON array of {conflict_id, collection, id, scope, field, siblings, winner} objects.")
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
        var table = TextTable(header: ["conflict", "scope"] + SiblingTable.header)
        table.maxCellWidth = .max
        for conflict in conflicts {
            let id = ConflictID(key: conflict.key, field: conflict.field).description
            for sibling in conflict.siblings {
                table.rows.append([id, conflict.scope] + SiblingTable.cells(sibling, winner: conflict.winner))
            }
        }
        table.print()
    }
}

/// One open conflict in JSON output.
struct ConflictJSON: Encodable {
    /// `collection/id/field`, as `tdsync resolve` takes it.
    let conflictID: String
    let collection: String
    let id: String
    let scope: String
    let field: String
    let siblings: [SiblingJSON]
    /// The dot of the sibling readers see.
    let winner: String

    enum CodingKeys: String, CodingKey {
        case conflictID = "conflict_id"
        case collection, id, scope, field, siblings, winner
    }

    init(_ conflict: Conflict) {
        conflictID = ConflictID(key: conflict.key, field: conflict.field).description
        collection = conflict.key.collection
        id = conflict.key.id
        scope = conflict.scope
        field = conflict.field
        siblings = conflict.siblings.map(SiblingJSON.init)
        winner = conflict.winner.dot.description
    }
}
