import ArgumentParser
import SyncCore

/// `tdsync nomination show`: one nomination's fields, version vector and conflicting values.
struct NominationShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a nomination: every field's visible value and, for fields in conflict, every concurrent value.",
        discussion: "Each conflict is printed with its id (collection/id/field), which `tdsync resolve` takes."
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    @Flag(help: "Print the record as JSON, with its version vector and the siblings of conflicting fields.")
    var json = false

    func run() throws {
        let opened = try replica.open()
        try RecordView.show(Nominations.load(id, from: opened), in: opened, json: json)
    }
}
