import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /queue` (the board's queue by province) and `POST /queue/decision` (one decision for
/// every nomination ticked: `AwardDecision.apply`, which decides those that can take it and
/// reports each other one with the engine's reason). The answer is the queue again, with what
/// the decision did at the top; a decision the engine refuses as a whole comes back as typed,
/// its message at the field, the boxes still ticked.
struct QueueRoutes {
    let workspace: Workspace

    func register(on router: Router<AppRequestContext>) {
        router.get("/queue") { _, _ in try show(DecisionForm()) }
        router.post("/queue/decision") { _, context in try decide(context.form) }
    }

    func decide(_ posted: FormData) throws -> Response {
        var form = DecisionForm(form: posted)
        let picked = posted.values("nomination")
        guard !picked.isEmpty else {
            return try show(form, picked: [], selectionError: "Chọn ít nhất một hồ sơ để ghi quyết định.", status: .unprocessableContent)
        }
        guard let decision = form.decision() else { return try show(form, picked: picked, status: .unprocessableContent) }
        let outcome: AwardDecision.BatchOutcome
        do { outcome = try AwardDecision.apply(decision, to: picked, in: workspace.replica) } catch {
            form.refuse(error)
            return try show(form, picked: picked, status: .unprocessableContent)
        }
        return try show(DecisionForm(), result: result(of: outcome, decision))
    }

    func result(of outcome: AwardDecision.BatchOutcome, _ decision: BoardDecision) throws -> QueuePage.Result {
        let replica = workspace.replica
        func nominee(_ id: String) -> String { ((try? replica.nomination(id)) ?? nil)?.nomineeName ?? id }
        let what = switch decision.outcome {
        case .approved: "Đã phê duyệt theo quyết định số \(decision.number ?? "?")"
        case .returned: "Đã trả lại tỉnh/thành"
        case .rejected: "Đã ghi không duyệt"
        }
        // The eligibility check warns and never stops a decision: an approval it finds short is flagged.
        func warning(_ id: String) -> String? {
            guard decision.outcome == .approved, let report = try? EligibilityChecker(replica: replica).check(nomination: id),
                  report.ruleID != nil, !report.isEligible else { return nil }
            return "Lưu ý: kiểm tra cho thấy chưa đủ điều kiện" + (report.article.map { " (\($0))" } ?? "") + "."
        }
        return QueuePage.Result(
            summary: "\(what): \(outcome.decided.count) hồ sơ; \(outcome.refused.count) hồ sơ không nhận được quyết định. Đồng bộ để tỉnh/thành nhận được.",
            decided: outcome.decided.map { .init(id: $0, nominee: nominee($0), message: warning($0)) },
            refused: outcome.refused.map { .init(id: $0.nomination, nominee: nominee($0.nomination), message: $0.message) })
    }

    func show(_ form: DecisionForm, picked: [String] = [], selectionError: String? = nil, result: QueuePage.Result? = nil,
              status: HTTPResponse.Status = .ok) throws -> Response {
        let names = try workspace.names(), waiting = try workspace.replica.nominations().filter(AwardDecision.awaitsDecision)
        let groups = Dictionary(grouping: waiting, by: \.scope).map { scope, nominations in
            QueuePage.Group(province: Labels.province(scope), code: scope, count: nominations.count,
                            rows: nominations.map { .init(row: NominationRow($0, names: names), checked: picked.contains($0.id)) })
        }.sorted { $0.province < $1.province }
        let page = QueuePage(chrome: workspace.chrome, groups: groups, total: waiting.count, waiting: !waiting.isEmpty, decision: form.view,
                             selectionError: selectionError, result: result)
        return workspace.pages.html("queue", page, status: status)
    }
}
