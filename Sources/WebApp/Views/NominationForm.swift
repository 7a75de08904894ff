import Commendation
import SyncCore

/// The add and edit form of a nomination: what was typed, kept when a write is refused, with
/// the engine's refusal and the eligibility warnings beside the fields they concern.
struct NominationForm: Sendable {
    /// The form's fields, in page order.
    static let names = ["nominee_name", "nominee_kind", "year", "title_code", "award_form_code", "unit_id", "campaign_id",
                        "person_id", "achievements"]

    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var warnings: [String: [String]] = [:]
    /// A refusal that names no field of the form.
    var general: String?
    /// The eligibility check's one-line summary, once it ran.
    var summary: String?

    init() { values["nominee_kind"] = "individual" }

    /// What was posted.
    init(form: FormData) {
        for name in Self.names { values[name] = form.text(name) }
        values["scope"] = form.text("scope")
    }

    /// A stored nomination's visible values, to edit.
    init(visible: [String: FieldValue]) {
        for name in Self.names {
            switch visible[name] ?? .null {
            case .text(let text): values[name] = text
            case .integer(let n): values[name] = String(n)
            default: break
            }
        }
    }

    /// The field values to write (`.null` for a field left empty); a year that is not a
    /// number is refused here, at its field, since the engine only ever sees numbers.
    mutating func fieldValues() -> [String: FieldValue]? {
        var result: [String: FieldValue] = [:]
        for name in Self.names { result[name] = values[name].map { .text(TextNormalizer.nfc($0)) } ?? .null }
        if let year = values["year"] {
            guard let number = Int64(year) else {
                errors["year"] = "Năm phải là một số, ví dụ 2025 (không phải '\(year.prefix(20))')."
                return nil
            }
            result["year"] = .integer(number)
        }
        return result
    }

    /// Places the engine's refusal at the field it names, or at the top.
    mutating func refuse(_ error: any Error) {
        let message = FieldErrors.message(error)
        let candidates = (Self.names + ["scope"]).map { (field: $0, needles: ["'\($0)'", $0]) }
        if let field = FieldErrors.locate(message, among: candidates) { errors[field] = message } else { general = message }
    }

    /// Runs the eligibility check on the values typed (nothing is saved) and puts each condition
    /// that does not hold beside its field: the nominee's records at the person or unit, the
    /// rest at the title or award.
    mutating func checkEligibility(in replica: Replica) {
        guard let code = values["title_code"] ?? values["award_form_code"], let year = values["year"].flatMap(Int.init) else { return }
        let codeField = values["title_code"] != nil ? "title_code" : "award_form_code"
        let collective = values["nominee_kind"] == "collective"
        let report: EligibilityReport
        do {
            report = try EligibilityChecker(replica: replica).check(code: code, subject: collective ? "collective" : "individual", year: year,
                                                                    subjectID: collective ? values["unit_id"] : values["person_id"])
        } catch {
            general = FieldErrors.message(error)
            return
        }
        guard let article = report.article else {
            summary = "Chưa có quy định điều kiện cho \(code) năm \(year): hãy kiểm tra thủ công."
            return
        }
        summary = report.isEligible ? "Đủ mọi điều kiện (\(article))." : "Chưa đủ điều kiện (\(article)): xem cảnh báo bên cạnh các trường."
        for finding in report.findings where !finding.met {
            let field = finding.condition == "the nominee's records" ? (collective ? "unit_id" : "person_id") : codeField
            warnings[field, default: []].append("Chưa đạt: \(finding.conditionVietnamese) — \(finding.detailVietnamese)")
        }
    }

    /// One field as the template draws it.
    struct Field: Sendable {
        let name, label: String
        let value: String
        let text, number, textarea, select: Bool
        let options: [Option]
        let error: String?
        let warnings: [String]
        let hint: String?
        /// A date input (the registration form's).
        var date = false
    }

    /// The fields as the template draws them, with the choices `names` offers.
    func fields(names: Names, scopes: [String]?) -> [Field] {
        func field(_ name: String, text: Bool = false, number: Bool = false, textarea: Bool = false, options: [Option] = [], hint: String? = nil) -> Field {
            Field(name: name, label: Labels.field(name), value: values[name] ?? "", text: text, number: number, textarea: textarea,
                  select: !options.isEmpty, options: options, error: errors[name], warnings: warnings[name] ?? [], hint: hint)
        }
        let kinds = NominationVocabulary.kinds.map { Option(value: $0.code, label: Labels.kind($0.code), selected: values["nominee_kind"] == $0.code) }
        var result = [Field]()
        if let scopes {
            let options = [Option(value: "", label: "—", selected: values["scope"] == nil)]
                + scopes.map { Option(value: $0, label: "\(Labels.province($0)) (\($0))", selected: values["scope"] == $0) }
            result.append(Field(name: "scope", label: "Tỉnh/thành", value: values["scope"] ?? "", text: false, number: false, textarea: false,
                                select: true, options: options, error: errors["scope"], warnings: [], hint: nil))
        }
        result += [
            field("nominee_name", text: true),
            field("nominee_kind", options: kinds),
            field("year", number: true),
            field("title_code", options: Names.options(names.titles, selected: values["title_code"]), hint: "Chọn một danh hiệu hoặc một hình thức khen thưởng, không chọn cả hai."),
            field("award_form_code", options: Names.options(names.awardForms, selected: values["award_form_code"])),
            field("unit_id", options: Names.options(names.units, selected: values["unit_id"])),
            field("campaign_id", options: Names.options(names.campaigns, selected: values["campaign_id"])),
            field("person_id", text: true, hint: "Hồ sơ cán bộ hằng năm (tdsync person) để kiểm tra điều kiện."),
            field("achievements", textarea: true),
        ]
        return result
    }
}
