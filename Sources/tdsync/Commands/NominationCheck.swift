import ArgumentParser
import Commendation
import SyncCore

/// `tdsync nomination check`: the eligibility report of a nomination.
struct NominationCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a nomination against the eligibility rule of its title or award form.",
        discussion: """
            Reads the person's yearly records and initiatives (`tdsync person`), or for a \
            collective the records of its unit's members, as this replica holds them, and the \
            rule in force for the nomination's year (`eligibility_rules`, seeded from Law \
            06/2022/QH15 and replaceable by the board). Prints each condition with what holds or \
            what is missing. It warns only: nothing stops a nomination from being saved or \
            submitted. `nomination add` and `submit` print the same warnings.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let report = try EligibilityChecker(replica: replica.open()).check(nomination: id)
        if json { try Console.json(EligibilityJSON(report)); return }
        EligibilityView.print(report, nomination: id)
    }
}

/// How eligibility reports are shown.
enum EligibilityView {
    /// The whole report, on standard output.
    static func print(_ report: EligibilityReport, nomination: String) {
        guard let article = report.article else {
            Console.line("\(report.awardCode) (\(report.subject)): no eligibility rule in force for \(report.year); check it by hand")
            return
        }
        Console.line("\(report.awardCode) (\(report.subject), \(report.year)), \(article): \(report.isEligible ? "every condition holds" : "not every condition holds")")
        var table = TextTable(header: ["", "condition", "found"])
        table.maxCellWidth = 90
        table.rows = report.findings.map { [$0.met ? "ok" : "MISSING", $0.condition, $0.detail] }
        table.print()
    }

    /// One warning per condition that does not hold, on standard error (after add and submit).
    static func warn(_ replica: Replica, nomination: String) {
        guard let report = try? EligibilityChecker(replica: replica).check(nomination: nomination),
              let article = report.article, !report.isEligible else { return }
        for finding in report.findings where !finding.met {
            Console.error("warning: \(nomination): \(report.awardCode) (\(article)): \(finding.condition): \(finding.detail)")
        }
    }
}

/// An eligibility report as JSON.
struct EligibilityJSON: Encodable {
    struct Finding: Encodable { let condition: String; let met: Bool; let detail: String }
    let awardCode, subject: String
    let year: Int
    let rule, article: String?
    let eligible: Bool
    let findings: [Finding]

    init(_ report: EligibilityReport) {
        awardCode = report.awardCode
        subject = report.subject
        year = report.year
        rule = report.ruleID
        article = report.article
        eligible = report.isEligible
        findings = report.findings.map { Finding(condition: $0.condition, met: $0.met, detail: $0.detail) }
    }

    enum CodingKeys: String, CodingKey { case awardCode = "award_code", subject, year, rule, article, eligible, findings }
}
