import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync decision`: decisions (quyết định khen thưởng) covering many nominations.
struct DecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Issue a decision covering many nominations (board), and list decisions.",
        subcommands: [Issue.self, List.self]
    )

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a decision: approve every nomination listed under one number, date and authority.",
            discussion: """
                In one transaction: the decision record (national, so every province receives \
                it), and on each nomination board_status approved with the decision's number, \
                date and authority, and an 'approved' step in its history. Nothing is written if \
                any nomination is unknown. The board's: a province node is refused (field_not_owned).
                """
        )
        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The number, <number>/QĐ-<issuer>, e.g. 125/QĐ-TTg.", valueName: "text")) var number: String
        @Option(help: ArgumentHelp("The date, YYYY-MM-DD.", valueName: "date")) var date: String
        @Option(help: ArgumentHelp("The deciding authority.", valueName: "text")) var authority: String?
        @Option(help: ArgumentHelp("The title or award form it confers (a catalog code).", valueName: "code")) var award: String?
        @Option(help: ArgumentHelp("What it is about.", valueName: "text")) var summary: String?
        @Argument(help: "The nominations it covers.") var nominations: [String]

        func validate() throws {
            guard BoardDecision.isDecisionNumber(number) else {
                throw ValidationError("--number must look like <number>/QĐ-<issuer>, e.g. 125/QĐ-TTg, not '\(number.prefix(60))'.")
            }
            _ = try RecordWrites.date(date, flag: "--date")
            guard !nominations.isEmpty else { throw ValidationError("Name the nominations the decision covers.") }
        }

        func run() throws {
            let opened = try replica.open()
            guard let day = try RecordWrites.date(date, flag: "--date") else { return }
            try AwardDecision.record(number: number, date: day, authority: authority, awardCode: award, summary: summary,
                                     nominations: nominations, in: opened)
            Console.line("decision \(number) of \(date): approved \(nominations.count) nomination(s)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the decisions this replica holds, newest first.")
        @OptionGroup var replica: ReplicaOptions

        func run() throws {
            let rows = try AwardDecision.list(in: replica.open()).map { decision in
                [decision.number, decision.date, decision.authority, "\(decision.nominations.count): \(decision.nominations.joined(separator: " "))"]
            }
            var table = TextTable(header: ["number", "date", "authority", "nominations"])
            table.rows = rows
            table.print()
        }
    }
}

/// `tdsync nomination history`: every step of a nomination.
struct NominationHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show a nomination's history: who moved it to which status, when and why.")
    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The nomination's id.") var id: String

    func run() throws {
        let events = try NominationHistory.events(of: id, in: replica.open())
        var table = TextTable(header: ["at", "by", "step", "reason / decision"])
        table.maxCellWidth = 60
        table.rows = events.map { [$0.at, $0.actor, $0.action, $0.reason ?? $0.decisionNumber ?? ""] }
        table.print()
        if events.isEmpty { Console.line("no history recorded for \(id)") }
    }
}
