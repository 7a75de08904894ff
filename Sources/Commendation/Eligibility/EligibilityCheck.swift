import Foundation
import SyncCore

/// The result of checking a nomination against the eligibility rule of its title or award:
/// each condition with whether it holds and, when not, what is missing. A report warns; it
/// never stops anyone from saving or submitting a nomination.
public struct EligibilityReport: Sendable {
    public struct Finding: Sendable {
        /// The condition as the rule states it.
        public let condition: String
        public let met: Bool
        /// What was found, or what is missing.
        public let detail: String
        /// The condition and the detail in Vietnamese, for the web app.
        public let conditionVietnamese: String
        public let detailVietnamese: String
    }

    public let awardCode: String
    public let subject: String
    public let year: Int
    /// The rule applied (`eligibility_rules` id) and its article; nil when no rule covers the
    /// award (it is then checked by hand).
    public let ruleID: String?
    public let article: String?
    public let findings: [Finding]

    /// Whether a rule applied and every condition holds.
    public var isEligible: Bool { ruleID != nil && findings.allSatisfy(\.met) }
}

/// Checks nominations against the `eligibility_rules` records a replica holds, offline.
public struct EligibilityChecker: Sendable {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// Checks the nomination `id` (its person's history, or its unit's members for a collective).
    public func check(nomination id: String) throws -> EligibilityReport {
        guard let record = try replica.record(RecordKey(collection: "nominations", id: id)), !record.version.state.isDeleted else {
            throw SyncError(.notFound, "no nomination \(id)")
        }
        let values = replica.visibleValues(of: record.version)
        guard case .integer(let year)? = values["year"] else { throw SyncError(.badChange, "nomination \(id) has no year") }
        let code: String
        if case .text(let title)? = values["title_code"] { code = title }
        else if case .text(let award)? = values["award_form_code"] { code = award }
        else { throw SyncError(.badChange, "nomination \(id) proposes neither a title nor an award form") }
        let subject = values["nominee_kind"] == .text("collective") ? "collective" : "individual"
        var subjectID: String?
        if subject == "collective", case .text(let unit)? = values["unit_id"] { subjectID = unit }
        if subject == "individual", case .text(let person)? = values["person_id"] { subjectID = person }
        return try check(code: code, subject: subject, year: Int(year), subjectID: subjectID, nomination: id)
    }

    /// Checks `code` for a person (`subjectID` = person id) or a collective (`subjectID` = unit id) in `year`.
    public func check(code: String, subject: String, year: Int, subjectID: String?, nomination: String? = nil) throws -> EligibilityReport {
        // The catalog entry itself must be in force in the year (its validity dates, set by the
        // board when the law changes).
        if let outOfForce = try catalogValidity(code, year: year) {
            return EligibilityReport(awardCode: code, subject: subject, year: year, ruleID: "award_types/\(code)", article: outOfForce.basis,
                                     findings: [.init(condition: "catalog entry in force in \(year)", met: false, detail: outOfForce.detail,
                                                      conditionVietnamese: "Còn trong danh mục năm \(year)", detailVietnamese: outOfForce.vietnamese)])
        }
        guard let rule = try rule(for: code, subject: subject, year: year) else {
            return EligibilityReport(awardCode: code, subject: subject, year: year, ruleID: nil, article: nil, findings: [])
        }
        guard let subjectID else {
            let what = subject == "collective" ? "unit (--unit), so its members' records" : "person (--person), so their records"
            let whatVi = subject == "collective" ? "đơn vị, nên chưa kiểm tra được hồ sơ các thành viên" : "cá nhân, nên chưa kiểm tra được thành tích"
            return EligibilityReport(awardCode: code, subject: subject, year: year, ruleID: rule.id, article: rule.article, findings: [
                .init(condition: "the nominee's records", met: false, detail: "the nomination names no \(what) cannot be checked",
                      conditionVietnamese: "Hồ sơ của người được đề nghị", detailVietnamese: "hồ sơ chưa chọn \(whatVi)")])
        }
        let evaluator = subject == "collective"
            ? RuleEvaluator(year: year, history: PersonHistory(personID: subjectID), members: try PersonHistory.members(of: subjectID, in: year, from: replica), nomination: nomination)
            : RuleEvaluator(year: year, history: try PersonHistory.load(subjectID, from: replica), members: [], nomination: nomination)
        let findings = try rule.conditions.map { line -> EligibilityReport.Finding in
            let verdict = evaluator.evaluate(try RuleCondition(parsing: line))
            return .init(condition: line, met: verdict.met, detail: verdict.english,
                         conditionVietnamese: EligibilityWords.condition(line), detailVietnamese: verdict.vietnamese)
        }
        return EligibilityReport(awardCode: code, subject: subject, year: year, ruleID: rule.id, article: rule.article, findings: findings)
    }

    struct Rule { let id: String; let article: String; let conditions: [String] }

    /// Why catalog entry `code` is not in force during `year` (in English and Vietnamese), or nil
    /// when it is (or has no dates).
    func catalogValidity(_ code: String, year: Int) throws -> (basis: String, detail: String, vietnamese: String)? {
        guard let entry = try replica.row(in: "award_types", id: code) else { return nil }
        let basis = entry["legal_basis"].textValue ?? "the catalog"
        if case .date(let to) = entry["valid_to"], to.description < String(format: "%04d-01-01", year) {
            return (basis, "\(code) was in the catalog until \(to)", "\(code) chỉ có trong danh mục đến ngày \(EligibilityWords.date(to.description))")
        }
        if case .date(let from) = entry["valid_from"], from.description > String(format: "%04d-12-31", year) {
            return (basis, "\(code) is in the catalog only from \(from)", "\(code) chỉ có trong danh mục từ ngày \(EligibilityWords.date(from.description))")
        }
        return nil
    }

    /// The rule for `code` and `subject` in force during `year` (the latest one starting by its end).
    func rule(for code: String, subject: String, year: Int) throws -> Rule? {
        let end = String(format: "%04d-12-31", year), start = String(format: "%04d-01-01", year)
        let rules = try replica.rows(TableQuery("eligibility_rules", where: [.equals("award_code", .text(code)), .equals("subject", .text(subject))],
                                                orderedBy: [.descending("valid_from")]))
        let inForce = rules.first { row in
            let from = row["valid_from"].dateText, to = row["valid_to"].dateText
            return (from.map { $0 <= end } ?? true) && (to.map { $0 >= start } ?? true)
        }
        return inForce.map { Rule(id: $0.id, article: $0["article"].textValue ?? "", conditions: $0["conditions"].textListValue) }
    }
}
