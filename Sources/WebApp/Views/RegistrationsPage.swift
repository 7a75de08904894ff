import Commendation
import SyncCore

/// The campaigns page: the campaigns the replica knows, the registrations (who registered for
/// which, with what pledges and aim, the result), and for a province the form to register or
/// to edit a registration.
struct RegistrationsPage: Sendable {
    struct CampaignRow: Sendable {
        let id, title, scope: String
        let kind, period, authority: String?
        let targets: [String]
    }

    struct RegistrationRow: Sendable {
        let id, campaign, registrant, kind, province: String
        let unit, registeredOn, target, result, resultNote: String?
        let pledges: [String]
        let editable: Bool
    }

    let chrome: Chrome
    let title = "Phong trào thi đua và đăng ký thi đua"
    let campaigns: [CampaignRow]
    let registrations: [RegistrationRow]
    /// The form (a province only): where it posts, and its fields.
    let form: Form?
    let notice: String?

    struct Form: Sendable {
        let heading, action, button: String
        let editing: Bool
        let campaign: String?
        let fields: [NominationForm.Field]
        let general: String?
    }

    static func campaignRow(_ campaign: Campaign) -> CampaignRow {
        let kinds = ["regular": "Thường xuyên", "thematic": "Chuyên đề", "phase": "Theo đợt"]
        let period = [campaign.startsOn, campaign.endsOn].contains(where: { $0 != nil })
            ? "\(campaign.startsOn.map(DossierRoutes.date) ?? "…") – \(campaign.endsOn.map(DossierRoutes.date) ?? "…")" : nil
        return CampaignRow(id: campaign.id, title: campaign.title, scope: Labels.province(campaign.scope),
                           kind: campaign.kind.flatMap { kinds[$0.rawValue] }, period: period, authority: campaign.launchingAuthority,
                           targets: campaign.targets)
    }

    static func registrationRow(_ registration: CampaignRegistrations.Registration, names: Names, editable: Bool) -> RegistrationRow {
        let results = ["pending": "Đang thực hiện", "achieved": "Đạt", "not_achieved": "Không đạt"]
        return RegistrationRow(
            id: registration.id, campaign: names.campaign(registration.campaign) ?? registration.campaign, registrant: registration.registrant,
            kind: registration.kind == "individual" ? "Cá nhân" : "Tập thể, đơn vị", province: Labels.province(registration.scope),
            unit: names.unit(registration.unitID), registeredOn: registration.registeredOn.map(DossierRoutes.date),
            target: names.award(registration.targetCode), result: registration.result.map { results[$0] ?? $0 }, resultNote: registration.resultNote,
            pledges: registration.pledges, editable: editable)
    }
}
