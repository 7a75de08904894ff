import Commendation
import Foundation
import SyncCore

/// The form that registers a unit or person for a campaign, or edits a registration: what was
/// typed, kept when the engine refuses, its message at the field it concerns.
struct RegistrationForm: Sendable {
    static let names = ["campaign_id", "registrant", "registrant_kind", "unit_id", "registered_on", "pledges", "target_code"]
    static let labels = [
        "campaign_id": "Phong trào thi đua", "registrant": "Đơn vị / cá nhân đăng ký", "registrant_kind": "Đăng ký là",
        "unit_id": "Thuộc đơn vị", "registered_on": "Ngày đăng ký", "pledges": "Giao ước, chỉ tiêu (mỗi dòng một chỉ tiêu)",
        "target_code": "Danh hiệu / hình thức phấn đấu",
    ]

    var values: [String: String] = ["registrant_kind": "unit"]
    var errors: [String: String] = [:]
    var general: String?

    init() {}

    init(form: FormData) {
        values = [:]
        for name in Self.names { values[name] = name == "pledges" ? form["pledges"] : form.text(name) }
    }

    /// A stored registration, to edit.
    init(_ registration: CampaignRegistrations.Registration) {
        values = ["campaign_id": registration.campaign, "registrant": registration.registrant, "registrant_kind": registration.kind ?? "unit",
                  "pledges": registration.pledges.joined(separator: "\n")]
        values["unit_id"] = registration.unitID
        values["registered_on"] = registration.registeredOn?.description
        values["target_code"] = registration.targetCode
    }

    /// The campaign and the registration typed, or nil with each problem at its field.
    mutating func entry() -> (campaign: String, entry: CampaignRegistrations.Entry)? {
        let campaign = values["campaign_id"], registrant = values["registrant"].map(TextNormalizer.nfc)
        if campaign == nil { errors["campaign_id"] = "Chọn phong trào thi đua." }
        if registrant == nil { errors["registrant"] = "Nhập tên đơn vị hoặc cá nhân đăng ký." }
        let kind = CampaignRegistrations.RegistrantKind(rawValue: values["registrant_kind"] ?? "")
        if kind == nil { errors["registrant_kind"] = "Chọn đơn vị hoặc cá nhân." }
        var day: CivilDate?
        if let typed = values["registered_on"] {
            day = CivilDate(iso: typed)
            if day == nil { errors["registered_on"] = "Ngày đăng ký phải là một ngày có thật (YYYY-MM-DD), không phải '\(typed.prefix(20))'." }
        } else { errors["registered_on"] = "Nhập ngày đăng ký." }
        guard let campaign, let registrant, let kind, let day else { return nil }
        let pledges = (values["pledges"] ?? "").split(whereSeparator: \.isNewline)
            .map { TextNormalizer.nfc($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        return (campaign, .init(registrant: registrant, kind: kind, unit: values["unit_id"], registeredOn: day, pledges: pledges, target: values["target_code"]))
    }

    /// Places the engine's refusal at the field it names, or at the top.
    mutating func refuse(_ error: any Error) {
        let message = FieldErrors.message(error)
        var candidates = Self.names.map { (field: $0, needles: ["'\($0)'", $0]) }
        candidates.append(("campaign_id", ["campaign"]))
        if let field = FieldErrors.locate(message, among: candidates) { errors[field] = message } else { general = message }
    }

    /// The fields as the template draws them; the campaign is fixed once registered (`editing`).
    func fields(names: Names, editing: Bool) -> [NominationForm.Field] {
        func field(_ name: String, text: Bool = false, date: Bool = false, textarea: Bool = false, options: [Option] = [], hint: String? = nil) -> NominationForm.Field {
            NominationForm.Field(name: name, label: Self.labels[name] ?? name, value: values[name] ?? "", text: text, number: false, textarea: textarea,
                                 select: !options.isEmpty, options: options, error: errors[name], warnings: [], hint: hint, date: date)
        }
        let kinds = [("unit", "Tập thể, đơn vị"), ("individual", "Cá nhân")].map { Option(value: $0.0, label: $0.1, selected: values["registrant_kind"] == $0.0) }
        var result = [NominationForm.Field]()
        if !editing { result.append(field("campaign_id", options: Names.options(names.campaigns, selected: values["campaign_id"]))) }
        result += [
            field("registrant", text: true), field("registrant_kind", options: kinds),
            field("unit_id", options: Names.options(names.units, selected: values["unit_id"])),
            field("registered_on", date: true), field("pledges", textarea: true),
            field("target_code", options: Names.options(names.titles + names.awardForms, selected: values["target_code"])),
        ]
        return result
    }
}
