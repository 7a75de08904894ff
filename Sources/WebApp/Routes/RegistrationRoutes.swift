import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /registrations` (the campaigns, the registrations and, for a province, the form to
/// register), `POST /registrations` (register: `CampaignRegistrations.register`, as `tdsync
/// campaign register` does), `GET /registrations/{id}/edit` and `POST /registrations/{id}`
/// (edit: `CampaignRegistrations.update`), `POST /registrations/{id}/withdraw` (rút đăng ký:
/// `CampaignRegistrations.withdraw`). A refused write shows the form again as typed, the
/// engine's message at its field.
struct RegistrationRoutes {
    let workspace: Workspace

    static let notices = [
        "registered": "Đã đăng ký thi đua. Đồng bộ để Ban Thi đua – Khen thưởng nhận được.",
        "updated": "Đã sửa đăng ký thi đua.",
        "withdrawn": "Đã rút đăng ký thi đua.",
    ]

    func register(on router: Router<AppRequestContext>) {
        router.get("/registrations") { request, _ in
            try show(RegistrationForm(), id: nil, notice: FormData(urlEncoded: request.uri.query ?? "").text("done").flatMap { Self.notices[$0] })
        }
        router.post("/registrations") { _, context in try create(context.form) }
        router.get("/registrations/{id}/edit") { _, context in
            let id = try context.parameters.require("id")
            guard let registration = try CampaignRegistrations.registration(id, in: workspace.replica) else {
                return Refusal.response(.notFound, "Không có đăng ký thi đua \(id).")
            }
            return try show(RegistrationForm(registration), id: id)
        }
        router.post("/registrations/{id}") { _, context in try update(try context.parameters.require("id"), context.form) }
        router.post("/registrations/{id}/withdraw") { _, context in
            let id = try context.parameters.require("id")
            do { try CampaignRegistrations.withdraw(id, in: workspace.replica) } catch {
                var form = RegistrationForm()
                form.general = FieldErrors.message(error)
                return try show(form, id: nil, status: .unprocessableContent)
            }
            return .redirect(to: "/registrations?done=withdrawn", type: .normal)
        }
    }

    func create(_ posted: FormData) throws -> Response {
        var form = RegistrationForm(form: posted)
        guard let typed = form.entry() else {
            return try show(form, id: nil, status: .unprocessableContent)
        }
        let replica = workspace.replica
        do {
            let scopes = try replica.nodeState().scopes
            guard replica.role == .province, scopes.count == 1 else {
                throw SyncError(.scopeViolation, "only a province office registers its units for a campaign here")
            }
            let entry = typed.entry
            try CampaignRegistrations.register(entry.registrant, kind: entry.kind, for: typed.campaign, on: entry.registeredOn, scope: scopes[0],
                                               unit: entry.unit, pledges: entry.pledges, target: entry.target, in: replica)
        } catch {
            form.refuse(error)
            return try show(form, id: nil, status: .unprocessableContent)
        }
        return .redirect(to: "/registrations?done=registered", type: .normal)
    }

    func update(_ id: String, _ posted: FormData) throws -> Response {
        var form = RegistrationForm(form: posted)
        guard let stored = try CampaignRegistrations.registration(id, in: workspace.replica) else {
            return Refusal.response(.notFound, "Không có đăng ký thi đua \(id).")
        }
        form.values["campaign_id"] = stored.campaign
        guard let entry = form.entry()?.entry else { return try show(form, id: id, status: .unprocessableContent) }
        do { try CampaignRegistrations.update(id, to: entry, in: workspace.replica) } catch {
            form.refuse(error)
            return try show(form, id: id, status: .unprocessableContent)
        }
        return .redirect(to: "/registrations?done=updated", type: .normal)
    }

    /// The page; `id` is the registration being edited, nil for a new one.
    func show(_ form: RegistrationForm, id: String?, notice: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let replica = workspace.replica, names = try workspace.names(), province = replica.role == .province
        let registrations = try CampaignRegistrations.all(in: replica).map {
            RegistrationsPage.registrationRow($0, names: names, editable: province)
        }
        let page = RegistrationsPage(
            chrome: workspace.chrome, campaigns: try replica.campaigns().map(RegistrationsPage.campaignRow), registrations: registrations,
            form: province ? RegistrationsPage.Form(
                heading: id == nil ? "Đăng ký thi đua" : "Sửa đăng ký thi đua", action: id.map { "/registrations/\($0)" } ?? "/registrations",
                button: id == nil ? "Đăng ký" : "Lưu", editing: id != nil, campaign: id == nil ? nil : names.campaign(form.values["campaign_id"]),
                fields: form.fields(names: names, editing: id != nil), general: form.general) : nil,
            notice: notice)
        return workspace.pages.html("registrations", page, status: status)
    }
}
