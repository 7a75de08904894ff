import Commendation
import SyncCore

/// A nomination's dossier: every field with who wrote it (and every concurrent value of a field
/// in conflict), the eligibility check, the history, and the actions the node's role may take.
struct DossierPage: Sendable {
    struct FieldRow: Sendable {
        let label, value: String
        let writers: String
        let conflict: Bool
        let siblings: [SiblingValue]
    }

    struct SiblingValue: Sendable { let value, writer: String; let shown: Bool }

    struct Finding: Sendable { let condition, detail: String; let met: Bool }

    struct Step: Sendable { let action, actor, at: String; let reason, decisionNumber: String? }

    let chrome: Chrome
    let title: String
    let id, nominee, province: String
    let status, boardStatus: String?
    /// The board's reason, shown at the top while the nomination stands returned.
    let returnedReason: String?
    /// "Approved by decision …", when it is.
    let approval: String?
    let fields: [FieldRow]
    let eligibility: String
    let findings: [Finding]
    let history: [Step]
    let canEdit, canSubmit, canWithdraw: Bool
    let decision: DecisionForm.View?
    let notice: String?
}

/// The board's decision form: outcome, number, date, authority, reason, kept as typed when the
/// engine refuses, its message at the field.
struct DecisionForm: Sendable {
    var outcome = "approved"
    var number = "", date = "", authority = "", reason = ""
    var errors: [String: String] = [:]
    var general: String?

    init() {}

    init(form: FormData) {
        outcome = form.text("outcome") ?? ""
        number = form.text("decision_number") ?? ""
        date = form.text("decision_date") ?? ""
        authority = form.text("decision_authority") ?? ""
        reason = form.text("board_reason") ?? ""
    }

    /// What the template draws: stored values only, since templates read stored properties.
    struct View: Sendable {
        let approve, giveBack, reject: Bool
        let number, date, authority, reason: String
        let numberError, dateError, authorityError, reasonError, outcomeError, general: String?
    }

    var view: View {
        View(approve: outcome == "approved", giveBack: outcome == "returned", reject: outcome == "rejected",
             number: number, date: date, authority: authority, reason: reason,
             numberError: errors["decision_number"], dateError: errors["decision_date"], authorityError: errors["decision_authority"],
             reasonError: errors["board_reason"], outcomeError: errors["outcome"], general: general)
    }

    /// The decision typed, or nil with the problem at its field.
    mutating func decision() -> BoardDecision? {
        guard let outcome = BoardDecision.Outcome(rawValue: outcome) else {
            errors["outcome"] = "Chọn phê duyệt, trả lại hoặc không duyệt."
            return nil
        }
        var day: CivilDate?
        if !date.isEmpty {
            guard let parsed = CivilDate(iso: date) else {
                errors["decision_date"] = "Ngày quyết định phải là một ngày có thật (YYYY-MM-DD), không phải '\(date.prefix(20))'."
                return nil
            }
            day = parsed
        }
        func given(_ text: String) -> String? { text.isEmpty ? nil : TextNormalizer.nfc(text) }
        return BoardDecision(outcome, number: given(number), date: day, authority: given(authority), reason: given(reason))
    }

    /// Places the engine's refusal at the field it concerns.
    mutating func refuse(_ error: any Error) {
        let message = FieldErrors.message(error)
        let field = FieldErrors.locate(message, among: [
            ("decision_number", ["decision number", "decision_number"]), ("decision_date", ["decision date", "decision_date"]),
            ("decision_authority", ["authority"]), ("board_reason", ["reason"]), ("outcome", ["board_status"]),
        ])
        if let field { errors[field] = message } else { general = message }
    }
}
