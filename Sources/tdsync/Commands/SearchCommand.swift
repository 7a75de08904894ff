import ArgumentParser
import SyncCore

/// `tdsync search`: accent-insensitive search over names, titles and achievements.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find records by name, title or achievements, with or without Vietnamese accents.",
        discussion: """
            Every word must appear, as a word or the start of one; accents, case and đ/d do not \
            matter: "nguyen van an" finds "Nguyễn Văn An", "duc" finds "Đức". Searches the \
            visible values of nominations (nominee, achievements, unit, title or award code), \
            campaigns (title, slogan, launching authority), units and the award catalog. Best \
            matches first.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The words to look for.")
    var query: String

    @Option(help: ArgumentHelp("Only this collection: nominations, campaigns, units or award_types.", valueName: "name"))
    var collection: String?

    @Option(help: "At most this many results.")
    var limit = 50

    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, not \(limit).") }
    }

    struct Hit: Encodable {
        let collection, id, scope, name: String
    }

    func run() throws {
        let opened = try replica.open()
        let hits = try opened.search(query, collection: collection, limit: limit).map { hit in
            let name = try opened.record(hit.key).map { record in
                let values = opened.visibleValues(of: record.version)
                return ["nominee_name", "title", "name"].lazy.compactMap { values[$0].map(ValueFormat.plain) }.first ?? ""
            } ?? ""
            return Hit(collection: hit.key.collection, id: hit.key.id, scope: hit.scope, name: name)
        }
        if json { try Console.json(hits); return }
        var table = TextTable(header: ["collection", "id", "scope", "name"])
        table.rows = hits.map { [$0.collection, $0.id, $0.scope, $0.name] }
        table.print()
        if hits.isEmpty { Console.line("no record matches '\(query)'") }
    }
}
