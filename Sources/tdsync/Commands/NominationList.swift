import ArgumentParser
import SyncCore

/// `tdsync nomination list`: the nominations as an aligned table or a JSON array.
struct NominationList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List nominations, ordered by id.",
        discussion: "The flags column marks records with an open conflict (see `tdsync conflicts`) and deleted records."
    )

    @OptionGroup var replica: ReplicaOptions

    @Flag(help: "Print a JSON array of {id, scope, values, conflicts, deleted} objects.")
    var json = false

    @Flag(help: "Include deleted nominations.")
    var includeDeleted = false

    func run() throws {
        let opened = try replica.open()
        let records = try opened.records(in: Nominations.collection, includeDeleted: includeDeleted)
        if json {
            try Console.json(records.map { RecordJSON($0.version, replica: opened) })
            return
        }
        var table = TextTable(header: ["id", "year", "nominee", "kind", "title/award", "status", "board_status", "flags"])
        for record in records {
            let version = record.version
            let values = opened.visibleValues(of: version)
            func cell(_ field: String) -> String { ValueFormat.plain(values[field] ?? .null) }
            let codes = ["title_code", "award_form_code"].compactMap { values[$0].flatMap { $0 == .null ? nil : ValueFormat.plain($0) } }
            var flags: [String] = []
            if !version.state.conflictingFields.isEmpty { flags.append("conflict") }
            if version.state.isDeleted { flags.append("deleted") }
            table.rows.append([version.key.id, cell("year"), cell("nominee_name"), cell("nominee_kind"),
                               codes.isEmpty ? "-" : codes.joined(separator: "+"), cell("status"), cell("board_status"),
                               flags.joined(separator: ",")])
        }
        table.print()
    }
}
