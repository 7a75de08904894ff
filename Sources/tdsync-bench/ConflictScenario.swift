import Foundation
import SyncClient
import Commendation
import SyncCore
import SyncServer

// Conflict-heavy merge: every record is edited concurrently at the province and at the board, in
// `achievements` (writable by both, owned by the province). Both push, both pull. By protocol.md
// §8 every record must end with an open conflict on `achievements` on both sides, both values kept,
// and the province's value visible (the owner's value ranks first); both replicas identical.

func measureConflict(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let count = sizes.conflictRecords, batch = sizes.batch
    let dir = directory.appendingPathComponent("conflict")
    let store = try SQLiteHubStore(directory: dir.appendingPathComponent("hub").path, schema: .commendation, logger: quietLogger)
    let server = try await Hub(store: store, logger: quietLogger).start()
    do {
        let figures = try await conflictRun(count: count, batch: batch, store: store, url: server.url, directory: dir)
        await server.stop()
        return figures
    } catch {
        await server.stop()
        throw error
    }
}

private func provinceText(_ i: Int) -> String { "Tỉnh bổ sung: sáng kiến số \(i) được công nhận cấp tỉnh" }
private func boardText(_ i: Int) -> String { "Hội đồng đề nghị làm rõ minh chứng của hồ sơ \(i)" }

private func conflictRun(count: Int, batch: Int, store: SQLiteHubStore, url: String, directory: URL) async throws -> [Figure] {
    let (province, provinceToken) = try await makeNode("hn-office", .province, ["hn"], store: store, directory: directory)
    let (board, boardToken) = try await makeNode("board", .board, [], store: store, directory: directory)
    try province.configureHub(url: url, token: provinceToken)
    try board.configureHub(url: url, token: boardToken)
    let provinceSession = try makeSession(province, batch: batch), boardSession = try makeSession(board, batch: batch)

    // Setup, not timed: the records reach both sides, then both edit every one of them.
    try writeNominations(province, 0..<count, batch: batch)
    _ = try await provinceSession.sync()
    let first = try await boardSession.sync()
    try check(first.pulled.applied == count, "the board pulled \(first.pulled.applied) of \(count) records before the edits")
    for (replica, text) in [(province, provinceText), (board, boardText)] {
        for start in stride(from: 0, to: count, by: batch) {
            _ = try replica.write((start..<min(start + batch, count)).map { i in
                LocalWrite(key: RecordKey(collection: "nominations", id: "n\(i)"), operation: .update, values: ["achievements": .text(text(i))])
            })
        }
    }

    var report = SyncReport()
    let (_, provincePush) = try await timed { try await provinceSession.pushOutbox(into: &report) }
    try check(report.pushed.applied == count, "the hub applied \(report.pushed.applied) of the province's \(count) edits")
    report = SyncReport()
    let (_, boardPush) = try await timed { try await boardSession.pushOutbox(into: &report) }
    try check(report.pushed.conflict == count, "the hub merged \(report.pushed.conflict) of the board's \(count) edits into a conflict")
    report = SyncReport()
    let (_, provincePull) = try await timed { try await provinceSession.pullToEnd(wait: 0, into: &report) }
    try check(report.pulled.conflict == count, "the province's pull merged \(report.pulled.conflict) of \(count) records into a conflict")
    report = SyncReport()
    let (_, boardPull) = try await timed { try await boardSession.pullToEnd(wait: 0, into: &report) }
    try check(report.pulled.conflict == count, "the board's pull merged \(report.pulled.conflict) of \(count) records into a conflict")

    for replica in [province, board] {
        let conflicts = try replica.conflicts(in: "nominations")
        try check(conflicts.count == count, "\(replica.node) has \(conflicts.count) open conflicts, not \(count)")
        for conflict in conflicts {
            guard conflict.field == "achievements", conflict.siblings.count == 2,
                  let i = Int(conflict.key.id.dropFirst()) else {
                throw BenchError("check failed: unexpected conflict at \(replica.node): \(conflict.key) \(conflict.field), \(conflict.siblings.count) values")
            }
            let values = Set(conflict.siblings.map(\.value))
            try check(values == [.text(provinceText(i)), .text(boardText(i))], "\(conflict.key) at \(replica.node) lost a concurrent value")
            try check(conflict.winner.role == .province && conflict.winner.value == .text(provinceText(i)),
                      "\(conflict.key) at \(replica.node) shows the \(conflict.winner.role.rawValue)'s value, not the owner's (province)")
        }
        try check(try replica.syncState().outboxSize == 0, "\(replica.node) still has an outbox after merging")
    }
    try checkSameNominations(province, in: board)
    return [
        .rate(.conflict, "conflict.provincePush", "conflict: province pushes its edits", items: count, seconds: provincePush),
        .rate(.conflict, "conflict.boardPush", "conflict: board pushes, hub merges into conflicts", items: count, seconds: boardPush),
        .rate(.conflict, "conflict.provincePull", "conflict: merging pull at the province", items: count, seconds: provincePull),
        .rate(.conflict, "conflict.boardPull", "conflict: merging pull at the board", items: count, seconds: boardPull),
    ]
}
