import Foundation
import SyncClient
import SyncCore

/// Runs "sync now" one at a time, the same `SyncSession.sync` as `tdsync sync`, and keeps
/// what the sync page shows: whether one runs, its progress, the last result.
actor SyncRunner {
    /// What the page and its live script show.
    struct Snapshot: Sendable, Encodable {
        var running = false
        var progress: String?
        var lastResult: String?
        var lastError: String?
    }

    let replica: Replica
    private(set) var snapshot = Snapshot()
    private var current: Task<Void, Never>?

    init(replica: Replica) { self.replica = replica }

    /// Syncs once (or waits for the sync already running) and returns when it is done.
    func syncNow() async {
        if let current { return await current.value }
        snapshot.running = true
        snapshot.progress = "Đang kết nối máy chủ đồng bộ…"
        let task = Task { await self.run() }
        current = task
        await task.value
        current = nil
    }

    private func run() async {
        do {
            let session = try SyncSession(replica: replica)
            let report = try await session.sync { progress in
                Task { await self.show(progress) }
            }
            snapshot.lastResult = """
                Đã gửi \(report.pushed.total) bản ghi (\(report.pushed.rejected) bị từ chối), đã nhận \(report.pulled.total) \
                (\(report.pulledChanges) thay đổi bản sao này, \(report.pulled.conflict) có xung đột); \
                xung đột đang mở: \(report.openConflicts); con trỏ \(report.cursor).
                """
            snapshot.lastError = nil
        } catch {
            snapshot.lastError = "Đồng bộ không thành công: \(FieldErrors.message(error))"
        }
        snapshot.running = false
        snapshot.progress = nil
    }

    private func show(_ progress: SyncProgress) {
        guard snapshot.running else { return }
        switch progress {
        case .pushed(let done, let remaining): snapshot.progress = "Đang gửi: \(done) đã gửi, còn \(remaining)"
        case .pulled(let done, let cursor, let hubSeq): snapshot.progress = "Đang nhận: \(done) bản ghi, tới \(cursor)/\(hubSeq)"
        }
    }
}
