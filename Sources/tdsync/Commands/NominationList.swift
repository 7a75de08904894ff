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

    @OptionGroup var options: ListOptions

    func run() throws {
        let opened = try replica.open()
        let records = try opened.records(in: Nominations.collection, includeDeleted: options.includeDeleted)
        let columns = ["year", "nominee", "kind", "title/award", "status", "board_status"]
        try RecordView.list(records, in: opened, json: options.json, columns: columns) { _, values in
            func cell(_ field: String) -> String { ValueFormat.plain(values[field] ?? .null) }
            let codes = ["title_code", "award_form_code"].compactMap { values[$0].flatMap { $0 == .null ? nil : ValueFormat.plain($0) } }
            return [cell("year"), cell("nominee_name"), cell("nominee_kind"), codes.isEmpty ? "-" : codes.joined(separator: "+"),
                    cell("status"), cell("board_status")]
        }
    }
}
