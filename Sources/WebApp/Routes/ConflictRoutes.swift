import Foundation
import Hummingbird
import SyncClient
import SyncCore

/// `GET /conflicts` (the open conflicts, each field's concurrent values side by side) and `POST
/// /conflicts/resolve` (keep one of the values, or write a new one), for both roles. Resolving
/// is the CLI's `tdsync resolve`: `Replica.resolve(_:field:taking:)` or `resolve(_:field:with:)`.
/// A refusal shows the page again, the engine's words at the conflict, what was typed kept.
struct ConflictRoutes {
    let workspace: Workspace

    func register(on router: Router<AppRequestContext>) {
        router.get("/conflicts") { request, _ in
            let done = FormData(urlEncoded: request.uri.query ?? "").text("done")
            return try show(notice: done.map { "Đã giải quyết xung đột \($0). Đồng bộ để các nút khác nhận được." })
        }
        router.post("/conflicts/resolve") { _, context in try resolve(context.form) }
    }

    func resolve(_ form: FormData) throws -> Response {
        guard let collection = form.text("collection"), let id = form.text("id"), let field = form.text("field") else {
            return Refusal.response(.badRequest, "Thiếu bản ghi hoặc trường cần giải quyết.")
        }
        let key = RecordKey(collection: collection, id: id), typed = form["value"] ?? ""
        let conflictID = "\(collection)/\(id)/\(field)"
        do {
            if let take = form.text("take") {
                guard let dot = try? Dot(parsing: take) else { throw SyncError(.badRequest, "'\(take)' is not a write NODE:COUNTER") }
                try workspace.replica.resolve(key, field: field, taking: .dot(dot))
            } else {
                guard !typed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    throw SyncError(.badRequest, "Hãy chọn một trong các giá trị hoặc gõ giá trị mới.")
                }
                try workspace.replica.resolve(key, field: field, with: try workspace.replica.schema.requireCollection(collection).requireField(field).value(parsing: typed))
            }
        } catch {
            return try show(failure: (conflictID, FieldErrors.message(error), typed), status: .unprocessableContent)
        }
        let done = conflictID.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-_./"))) ?? ""
        return .redirect(to: "/conflicts?done=\(done)", type: .normal)
    }

    /// The page; `failure` is the refused conflict's id, the engine's message and the text typed.
    func show(notice: String? = nil, failure: (id: String, message: String, typed: String)? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let replica = workspace.replica, names = try workspace.names()
        let items = try replica.conflicts().map { conflict in
            let item = ConflictsPage.Item(conflict, in: replica, names: names)
            guard let failure, failure.id == item.conflictID else { return item }
            return ConflictsPage.Item(conflict, in: replica, names: names, failure: failure.message, typed: failure.typed)
        }
        var notice = notice
        if let failure, !items.contains(where: { $0.conflictID == failure.id }) { notice = failure.message }
        let page = ConflictsPage(chrome: workspace.chrome, title: "Xung đột cần giải quyết", count: items.count, conflicts: items, notice: notice)
        return workspace.pages.html("conflicts", page, status: status)
    }
}
