import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /nominations/{id}` (the dossier), `POST /nominations/{id}/submit` and `/withdraw` (the
/// province), `POST /nominations/{id}/decision` (the board).
struct DossierRoutes {
    let workspace: Workspace

    func register(on router: Router<AppRequestContext>) {
        router.get("/nominations/{id}") { request, context in
            let notice = FormData(urlEncoded: request.uri.query ?? "").text("done").flatMap { Self.notices[$0] }
            return try show(try context.parameters.require("id"), decision: DecisionForm(), notice: notice)
        }
        router.post("/nominations/{id}/submit") { _, context in
            try step(try context.parameters.require("id"), "submitted") { try NominationWorkflow.submit($0, in: $1) }
        }
        router.post("/nominations/{id}/withdraw") { _, context in
            try step(try context.parameters.require("id"), "withdrawn") { try NominationWorkflow.withdraw($0, in: $1) }
        }
        router.post("/nominations/{id}/decision") { _, context in try decide(try context.parameters.require("id"), context.form) }
    }

    static let notices: [String: String] = [
        "submitted": "Đã gửi hồ sơ lên Ban Thi đua – Khen thưởng. Đồng bộ để Ban nhận được.",
        "withdrawn": "Đã rút hồ sơ.",
        "decided": "Đã ghi quyết định của Ban. Đồng bộ để tỉnh/thành nhận được.",
    ]

    func step(_ id: String, _ done: String, _ write: (String, Replica) throws -> Void) throws -> Response {
        do { try write(id, workspace.replica) } catch {
            return try show(id, decision: DecisionForm(), notice: nil, failure: FieldErrors.message(error), status: .unprocessableContent)
        }
        return .redirect(to: "/nominations/\(id)?done=\(done)", type: .normal)
    }

    func decide(_ id: String, _ posted: FormData) throws -> Response {
        var form = DecisionForm(form: posted)
        guard let decision = form.decision() else { return try show(id, decision: form, notice: nil, status: .unprocessableContent) }
        do { try NominationWorkflow.decide(id, decision, in: workspace.replica) } catch {
            form.refuse(error)
            return try show(id, decision: form, notice: nil, status: .unprocessableContent)
        }
        return .redirect(to: "/nominations/\(id)?done=decided", type: .normal)
    }

    func show(_ id: String, decision: DecisionForm, notice: String?, failure: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let replica = workspace.replica
        guard let record = try replica.record(RecordKey(collection: "nominations", id: id)), !record.version.state.isDeleted,
              let nomination = try replica.nomination(id) else {
            return Refusal.response(.notFound, "Không có hồ sơ \(id).")
        }
        let names = try workspace.names(), visible = replica.visibleValues(of: record.version)
        let fields = Labels.fields.map { name, label in
            let siblings = record.version.state.fields[name] ?? []
            let shown = visible[name] ?? .null
            return DossierPage.FieldRow(
                label: label, value: Self.display(shown, field: name, names: names),
                writers: siblings.map(Self.writer).joined(separator: ", "), conflict: Set(siblings.map(\.value)).count > 1,
                siblings: siblings.map { .init(value: Self.display($0.value, field: name, names: names), writer: Self.writer($0), shown: $0.value == shown) })
        }
        var eligibility = "", findings: [DossierPage.Finding] = []
        do {
            let report = try EligibilityChecker(replica: replica).check(nomination: id)
            eligibility = report.article.map { "\($0): " + (report.isEligible ? "đủ mọi điều kiện." : "chưa đủ điều kiện.") }
                ?? "Chưa có quy định điều kiện cho \(report.awardCode) năm \(report.year): hãy kiểm tra thủ công."
            findings = report.findings.map { .init(condition: $0.conditionVietnamese, detail: $0.detailVietnamese, met: $0.met) }
        } catch { eligibility = FieldErrors.message(error) }
        let history = try NominationHistory.events(of: id, in: replica).map {
            DossierPage.Step(action: Labels.step($0.action), actor: $0.actor, at: Self.time($0.at), reason: $0.reason, decisionNumber: $0.decisionNumber)
        }
        var decision = decision
        if let failure { decision.general = failure }
        let province = replica.role == .province, board = replica.role == .board
        let approval = nomination.boardStatus == .approved
            ? "Đã phê duyệt: quyết định số \(nomination.decisionNumber ?? "?") ngày \(nomination.decisionDate.map(Self.date) ?? "?")"
                + (nomination.decisionAuthority.map { " của \($0)" } ?? "") + "." : nil
        let page = DossierPage(
            chrome: workspace.chrome, title: "Hồ sơ: \(nomination.nomineeName)", id: id, nominee: nomination.nomineeName,
            province: Labels.province(nomination.scope), status: Labels.status(nomination.status.rawValue),
            boardStatus: Labels.boardStatus(nomination.boardStatus?.rawValue),
            returnedReason: nomination.boardStatus == .returned ? (nomination.boardReason ?? "") : nil, approval: approval,
            fields: fields, eligibility: eligibility, findings: findings, history: history,
            canEdit: province, canSubmit: province && (nomination.status != .submitted || nomination.boardStatus == .returned),
            canWithdraw: province && nomination.status == .submitted,
            decision: board ? decision.view : nil, notice: province ? (failure ?? notice) : notice)
        return workspace.pages.html("dossier", page, status: status)
    }

    /// Who wrote a value: node (role).
    static func writer(_ sibling: Sibling) -> String { "\(sibling.dot.node.rawValue) (\(Labels.role(sibling.role)))" }

    static func display(_ value: FieldValue, field: String, names: Names) -> String {
        switch (field, value) {
        case (_, .null): return "—"
        case ("title_code", .text(let code)), ("award_form_code", .text(let code)): return names.award(code) ?? code
        case ("unit_id", .text(let id)): return names.unit(id) ?? id
        case ("campaign_id", .text(let id)): return names.campaign(id) ?? id
        case ("nominee_kind", .text(let code)): return Labels.kind(code)
        case ("status", .text(let code)): return Labels.status(code) ?? code
        case ("board_status", .text(let code)): return Labels.boardStatus(code) ?? code
        case (_, .text(let text)): return text
        case (_, .integer(let n)): return String(n)
        case (_, .date(let day)): return date(day)
        default: return "\(value)"
        }
    }

    static func date(_ day: CivilDate) -> String { String(format: "%02d/%02d/%04d", day.day, day.month, day.year) }

    /// `2025-11-03T09:15:02.123Z` → `2025-11-03 09:15`.
    static func time(_ iso: String) -> String { String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") }
}
