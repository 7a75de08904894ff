import Commendation
import Foundation
import Hummingbird
import SyncCore

/// The add and edit form: `GET /nominations/new`, `POST /nominations`, `GET
/// /nominations/{id}/edit`, `POST /nominations/{id}`. The button `intent=check` runs the
/// eligibility check on what was typed and saves nothing; `intent=save` writes. A refused
/// write shows the form again as typed, the engine's message at its field.
struct FormRoutes {
    let workspace: Workspace

    /// The page of the form.
    struct FormPage: Sendable {
        let chrome: Chrome
        let title: String
        let action: String
        let cancel: String
        let fields: [NominationForm.Field]
        let general: String?
        let summary: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/nominations/new") { _, _ in try render(NominationForm(), id: nil) }
        router.post("/nominations") { _, context in try create(context.form) }
        router.get("/nominations/{id}/edit") { _, context in
            let id = try context.parameters.require("id")
            guard let record = try workspace.replica.record(RecordKey(collection: "nominations", id: id)), !record.version.state.isDeleted else {
                return Refusal.response(.notFound, "Không có hồ sơ \(id).")
            }
            return try render(NominationForm(visible: workspace.replica.visibleValues(of: record.version)), id: id)
        }
        router.post("/nominations/{id}") { _, context in try update(try context.parameters.require("id"), context.form) }
    }

    /// Scopes to choose from when the node has not exactly one (a board).
    var scopeChoices: [String]? {
        get throws {
            let scopes = try workspace.replica.nodeState().scopes
            return scopes.count == 1 ? nil : ReferenceData.provinces.map(\.code)
        }
    }

    func render(_ form: NominationForm, id: String?, status: HTTPResponse.Status = .ok) throws -> Response {
        let page = FormPage(chrome: workspace.chrome, title: id == nil ? "Thêm đề nghị khen thưởng" : "Sửa đề nghị khen thưởng",
                            action: id.map { "/nominations/\($0)" } ?? "/nominations", cancel: id.map { "/nominations/\($0)" } ?? "/nominations",
                            fields: form.fields(names: try workspace.names(), scopes: id == nil ? try scopeChoices : nil),
                            general: form.general, summary: form.summary)
        return workspace.pages.html("form", page, status: status)
    }

    func create(_ posted: FormData) throws -> Response {
        var form = NominationForm(form: posted)
        form.checkEligibility(in: workspace.replica)
        guard posted["intent"] == "save", let values = form.fieldValues() else { return try render(form, id: nil) }
        let replica = workspace.replica, id = UUID().uuidString.lowercased()
        do {
            let scopes = try replica.nodeState().scopes
            guard let scope = scopes.count == 1 ? scopes[0] : form.values["scope"] else {
                form.errors["scope"] = "Chọn tỉnh/thành của hồ sơ."
                return try render(form, id: nil, status: .unprocessableContent)
            }
            try NominationWorkflow.create(id, scope: scope, values: values, in: replica)
        } catch {
            form.refuse(error)
            return try render(form, id: nil, status: .unprocessableContent)
        }
        return .redirect(to: "/nominations/\(id)", type: .normal)
    }

    func update(_ id: String, _ posted: FormData) throws -> Response {
        var form = NominationForm(form: posted)
        form.checkEligibility(in: workspace.replica)
        guard posted["intent"] == "save", let values = form.fieldValues() else { return try render(form, id: id) }
        let replica = workspace.replica
        do {
            guard let record = try replica.record(RecordKey(collection: "nominations", id: id)), !record.version.state.isDeleted else {
                throw SyncError(.notFound, "there is no nomination \(id)")
            }
            // Only the fields that changed: the others keep their values (and any open conflict).
            let visible = replica.visibleValues(of: record.version)
            let changed = values.filter { (visible[$0.key] ?? .null) != $0.value }
            if !changed.isEmpty {
                try replica.write(LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: changed))
            }
        } catch {
            form.refuse(error)
            return try render(form, id: id, status: .unprocessableContent)
        }
        return .redirect(to: "/nominations/\(id)", type: .normal)
    }
}
