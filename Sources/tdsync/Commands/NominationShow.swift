import ArgumentParser
import SyncCore

/// `tdsync nomination show`: one nomination's fields, version vector and conflicting values.
struct NominationShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a nomination: every field's visible value and, for fields in conflict, every concurrent value."
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    @Flag(help: "Print the record as JSON, with its version vector and the siblings of conflicting fields.")
    var json = false

    func run() throws {
        let opened = try replica.open()
        let version = try Nominations.load(id, from: opened)
        if json {
            try Console.json(RecordJSON(version, replica: opened, detailed: true))
            return
        }
        let values = opened.visibleValues(of: version)
        let conflicting = Set(version.state.conflictingFields)
        var header = TextTable(header: ["id", version.key.id])
        header.maxCellWidth = .max
        header.rows = [["scope", version.scope], ["deleted", version.state.isDeleted ? "yes" : "no"],
                       ["vv", version.state.vv.description]]
        header.print()
        Console.line()
        var fields = TextTable(header: ["field", "value"])
        fields.maxCellWidth = .max
        let spec = try Nominations.spec
        for field in spec.fields {
            let value = ValueFormat.plain(values[field.name] ?? .null)
            fields.rows.append([field.name, conflicting.contains(field.name) ? "\(value)  [conflict]" : value])
        }
        fields.print()
        for field in version.state.conflictingFields {
            let siblings = version.state.fields[field] ?? []
            let owner = spec.field(field)?.owner
            let winner = field == RecordState.deletedField ? Winner.deletion(siblings) : Winner.pick(siblings, owner: owner)
            Console.line()
            Console.line("conflict on \(field):")
            SiblingTable.print(siblings, winner: winner)
        }
    }
}

/// The siblings of one conflicting field as an indented table, the visible one marked.
enum SiblingTable {
    static func print(_ siblings: [Sibling], winner: Sibling?) {
        var table = TextTable(header: ["dot", "node", "role", "time", "value", ""])
        table.maxCellWidth = 60
        for sibling in siblings {
            table.rows.append([sibling.dot.description, sibling.dot.node.rawValue, sibling.role.rawValue,
                               ValueFormat.time(sibling.timestamp), ValueFormat.quoted(sibling.value),
                               sibling == winner ? "(visible)" : ""])
        }
        for line in table.lines() { Console.line("  " + line) }
    }
}
