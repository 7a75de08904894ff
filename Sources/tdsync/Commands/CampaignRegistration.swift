import ArgumentParser
import Foundation
import GRDB
import SyncCore

/// `tdsync campaign register`: a unit or person registers for a campaign, with its pledges.
struct CampaignRegister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register a unit or person for a campaign (đăng ký thi đua) with its pledges (giao ước); prints the registration's id.",
        discussion: """
            The campaign must exist in this replica. Each --pledge is one target the registrant \
            commits to; --target names the title or award form it aims for (a catalog code). \
            Record the outcome later with `campaign result`.
            """
    )

    enum KindChoice: String, CaseIterable, ExpressibleByArgument { case unit, individual }

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The campaign's id.") var campaign: String
    @Option(help: ArgumentHelp("Who registers: the unit's or person's name.", valueName: "name")) var registrant: String
    @Option(help: "Whether a unit or a person registers.") var kind: KindChoice = .unit
    @Option(help: ArgumentHelp("The registrant's unit id.", valueName: "id")) var unit: String?
    @Option(help: ArgumentHelp("The registration date, YYYY-MM-DD.", valueName: "date")) var date: String
    @Option(help: ArgumentHelp("A pledge (repeatable).", valueName: "text")) var pledge: [String] = []
    @Option(help: ArgumentHelp("The title or award form aimed for (a catalog code).", valueName: "code")) var target: String?
    @OptionGroup var record: NewRecordOptions

    func validate() throws {
        try RecordWrites.nonEmpty(registrant, flag: "--registrant")
        _ = try RecordWrites.date(date, flag: "--date")
    }

    func run() throws {
        let opened = try replica.open()
        guard let found = try opened.record(RecordKey(collection: "campaigns", id: campaign)), !found.version.state.isDeleted else {
            throw SyncError(.notFound, "no campaign \(campaign) in \(opened.path)")
        }
        var values: [String: FieldValue] = ["campaign_id": .text(campaign), "registrant": .text(registrant), "registrant_kind": .text(kind.rawValue),
                                            "registered_on": .text(date), "pledges": .textList(pledge), "result": .text("pending")]
        values["unit_id"] = unit.map(FieldValue.text)
        values["target_code"] = target.map(FieldValue.text)
        let id = record.id ?? "\(campaign)-dk-\(UUID().uuidString.prefix(8).lowercased())"
        let scope = try record.scope ?? (found.version.scope == Scope.national ? RecordWrites.defaultScope(of: opened) : found.version.scope)
        try opened.write(LocalWrite(key: RecordKey(collection: "campaign_registrations", id: id), operation: .create(scope: scope), values: values))
        Console.line(id)
    }
}

/// `tdsync campaign registrations`: who registered for a campaign, what they pledged, the outcome.
struct CampaignRegistrations: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "registrations", abstract: "List a campaign's registrations, pledges and results.")
    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The campaign's id.") var campaign: String

    func run() throws {
        let columns = ["id", "scope", "registrant", "registrant_kind", "registered_on", "pledges", "target_code", "result"]
        // Decoded inside the read: a damaged value is a `replica_unusable` error naming the file.
        let rows = try replica.open().withReadAccess { db in
            try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM campaign_registrations WHERE campaign_id = ? ORDER BY registered_on, registrant",
                             arguments: [campaign]).map { row in
                try columns.map { column in
                    let text = try row.decode(String?.self, forColumn: column) ?? ""
                    guard column == "pledges" else { return text }
                    return ((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []).joined(separator: "; ")
                }
            }
        }
        var table = TextTable(header: ["id", "scope", "registrant", "kind", "registered", "pledges", "target", "result"])
        table.maxCellWidth = 80
        table.rows = rows
        table.print()
        if rows.isEmpty { Console.line("no registrations for \(campaign)") }
    }
}

/// `tdsync campaign result`: the outcome of a registration.
struct CampaignResult: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "result", abstract: "Record whether a registrant achieved its pledges.")

    enum Outcome: String, EnumerableFlag { case achieved, notAchieved }

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The registration's id.") var registration: String
    @Flag var outcome: Outcome
    @Option(help: ArgumentHelp("A note on the outcome.", valueName: "text")) var note: String?

    func run() throws {
        var values: [String: FieldValue] = ["result": .text(outcome == .achieved ? "achieved" : "not_achieved")]
        values["result_note"] = note.map(FieldValue.text)
        try replica.open().write(LocalWrite(key: RecordKey(collection: "campaign_registrations", id: registration), operation: .update, values: values))
        Console.line("\(registration): \(outcome == .achieved ? "achieved" : "not achieved")")
    }
}
