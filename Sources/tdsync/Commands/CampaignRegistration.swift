import ArgumentParser
import Foundation
import Commendation
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
        let campaignScope = try CampaignRegistrations.scope(ofCampaign: campaign, in: opened)
        let scope = try record.scope ?? (campaignScope == Scope.national ? RecordWrites.defaultScope(of: opened) : campaignScope)
        guard let day = try RecordWrites.date(date, flag: "--date") else { return }
        let id = try CampaignRegistrations.register(registrant, kind: kind == .unit ? CampaignRegistrations.RegistrantKind.unit : .individual, for: campaign, on: day, scope: scope,
                                                    unit: unit, pledges: pledge, target: target, id: record.id, in: opened)
        Console.line(id)
    }
}

/// `tdsync campaign registrations`: who registered for a campaign, what they pledged, the outcome.
struct CampaignRegistrationList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "registrations", abstract: "List a campaign's registrations, pledges and results.")
    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The campaign's id.") var campaign: String

    func run() throws {
        let rows = try CampaignRegistrations.list(for: campaign, in: replica.open()).map { (registration) -> [String] in
            let registered: String = registration.registeredOn?.description ?? ""
            return [registration.id, registration.scope, registration.registrant, registration.kind ?? "", registered,
                    registration.pledges.joined(separator: "; "), registration.targetCode ?? "", registration.result ?? ""]
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
        try CampaignRegistrations.recordResult(registration, achieved: outcome == .achieved, note: note, in: replica.open())
        Console.line("\(registration): \(outcome == .achieved ? "achieved" : "not achieved")")
    }
}

/// `tdsync campaign unregister`: a registration withdrawn (rút đăng ký).
struct CampaignUnregister: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unregister",
        abstract: "Withdraw a registration (rút đăng ký thi đua): the record is deleted, everywhere once synced.")
    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The registration's id.") var registration: String

    func run() throws {
        try CampaignRegistrations.withdraw(registration, in: replica.open())
        Console.line("\(registration): withdrawn")
    }
}
