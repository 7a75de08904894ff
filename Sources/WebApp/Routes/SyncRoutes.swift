import Foundation
import Hummingbird
import SyncCore

/// `GET /sync` (hub, last sync, outbox, cursor, errors), `POST /sync` (sync now, then back to
/// the page) and `GET /sync/status.json` (what the page's script polls for live status).
struct SyncRoutes {
    let workspace: Workspace

    struct SyncPage: Sendable {
        let chrome: Chrome
        let title = "Đồng bộ"
        let scopes: String
        let hub: String?
        let status: Status
        let rejected: [String]
        let lastResult, runError: String?
    }

    /// Where the replica stands: the page's table, and the JSON of `status.json`.
    struct Status: Encodable, Sendable {
        let running: Bool
        let progress: String?
        let outbox: Int
        let lastSync: String?
        let lastError: String?
        let cursor: Int64
        let conflicts: Int
        enum CodingKeys: String, CodingKey {
            case running, progress, outbox, lastSync = "last_sync", lastError = "last_error", cursor, conflicts
        }
    }

    func status() async throws -> (Status, SyncRunner.Snapshot) {
        let replica = workspace.replica, state = try replica.syncState(), snapshot = await workspace.sync.snapshot
        return (Status(running: snapshot.running, progress: snapshot.progress, outbox: state.outboxSize, lastSync: state.lastSyncAt,
                       lastError: state.lastError, cursor: state.pullCursor, conflicts: try replica.conflicts().count), snapshot)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/sync") { _, _ in try await page() }
        router.post("/sync") { _, _ in
            await workspace.sync.syncNow()
            return Response.redirect(to: "/sync", type: .normal)
        }
        router.get("/sync/status.json") { _, _ in
            let body = try JSONEncoder().encode(try await status().0)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    func page() async throws -> Response {
        let replica = workspace.replica
        let node = try await replica.nodeState(), (status, snapshot) = try await status()
        let page = SyncPage(
            chrome: workspace.chrome, scopes: node.scopes.map { "\(Labels.province($0)) (\($0))" }.joined(separator: ", "),
            hub: try replica.syncState().hubURL, status: status,
            rejected: try replica.rejections().map { "\($0.key): \($0.code): \($0.message)" },
            lastResult: snapshot.lastResult, runError: snapshot.lastError)
        return workspace.pages.html("sync", page)
    }
}
