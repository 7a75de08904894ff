import Commendation
import SyncCore

/// How `list` and `show` print the records of any collection.
enum RecordView {
    /// Prints records as a JSON array, or as a table: the id, the cells `row` gives from each
    /// record and its visible values, and a flags column marking open conflicts and deleted records.
    static func list(_ records: [StoredRecord], in replica: Replica, json: Bool, columns: [String],
                     row: (_ version: RecordVersion, _ values: [String: FieldValue]) -> [String]) throws {
        if json {
            try Console.json(records.map { RecordJSON($0.version, replica: replica) })
            return
        }
        var table = TextTable(header: ["id"] + columns + ["flags"])
        for record in records {
            let version = record.version
            var flags: [String] = []
            if !version.state.conflictingFields.isEmpty { flags.append("conflict") }
            if version.state.isDeleted { flags.append("deleted") }
            table.rows.append([version.key.id] + row(version, replica.visibleValues(of: version)) + [flags.joined(separator: ",")])
        }
        table.print()
    }

    /// Prints one record: as JSON with its version vector and conflicting siblings, or as text —
    /// its scope and version vector, every declared field's visible value, and for each field in
    /// conflict every concurrent value with its conflict id (for `tdsync resolve`).
    static func show(_ version: RecordVersion, in replica: Replica, json: Bool) throws {
        if json {
            try Console.json(RecordJSON(version, replica: replica, detailed: true))
            return
        }
        let values = replica.visibleValues(of: version)
        let conflicting = Set(version.state.conflictingFields)
        var header = TextTable(header: ["id", version.key.id])
        header.maxCellWidth = .max
        header.rows = [["scope", version.scope], ["deleted", version.state.isDeleted ? "yes" : "no"],
                       ["vv", version.state.vv.description]]
        header.print()
        Console.line()
        var fields = TextTable(header: ["field", "value"])
        fields.maxCellWidth = .max
        let spec = try Schema.commendation.requireCollection(version.key.collection)
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
            Console.line("conflict on \(field) (\(ConflictID(key: version.key, field: field))):")
            var table = TextTable(header: SiblingTable.header)
            table.maxCellWidth = .max
            table.rows = siblings.map { SiblingTable.cells($0, winner: winner) }
            for line in table.lines() { Console.line("  " + line) }
        }
    }
}

/// The columns that describe one sibling of a conflicting field, the visible one marked.
enum SiblingTable {
    static let header = ["dot", "node", "role", "time", "value", ""]

    /// The longest a value is printed before it is cut with "…".
    static let valueWidth = 60

    static func cells(_ sibling: Sibling, winner: Sibling?) -> [String] {
        [sibling.dot.description, sibling.dot.node.rawValue, sibling.role.rawValue, ValueFormat.time(sibling.timestamp),
         ValueFormat.quoted(sibling.value).singleLine.truncated(toWidth: valueWidth), sibling == winner ? "(visible)" : ""]
    }
}
