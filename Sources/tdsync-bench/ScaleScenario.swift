import Foundation
import SyncClient
import Commendation
import SyncCore
import SyncServer

// Per-change cost against database size: the same number of changes (updates of existing
// nominations spread over the whole id range) written at a province, pushed to the hub and pulled
// by the board, once with a small and once with a big database on every side. The databases are
// filled through the engine itself: the province's `Replica.write`, the hub store's `push` (the
// hub's apply and write rules, without HTTP), the board's `Replica.apply`.

private struct ScaleRun {
    let size: Int
    let changes: Int
    let write, push, pull: Double  // seconds for `changes`
    let raw: Double  // seconds for the same updates through the raw C API, on a table of `size` rows
    let fillWrite, fillHub, fillBoard: Double  // seconds for `size`

    func micros(_ seconds: Double) -> Double { seconds * 1e6 / Double(changes) }
}

func measureScale(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let small = try await scaleRun(size: sizes.scaleSmall, changes: sizes.scaleChanges, batch: sizes.batch, directory: directory)
    let big = try await scaleRun(size: sizes.scaleBig, changes: sizes.scaleChanges, batch: sizes.batch, directory: directory)
    var figures: [Figure] = []
    for run in [small, big] {
        let label = "\(shortCount(run.size)) records"
        figures.append(Figure(scenario: .scale, key: "scale.\(run.size).raw", name: "\(label): raw UPDATE by id, C API", value: run.micros(run.raw),
                              unit: .microsPerChange, items: run.changes, note: "the same ids, \(rawDurability)"))
        figures.append(Figure(scenario: .scale, key: "scale.\(run.size).write", name: "\(label): local write", value: run.micros(run.write),
                              unit: .microsPerChange, items: run.changes))
        figures.append(Figure(scenario: .scale, key: "scale.\(run.size).push", name: "\(label): push to hub (HTTP)", value: run.micros(run.push),
                              unit: .microsPerChange, items: run.changes))
        figures.append(Figure(scenario: .scale, key: "scale.\(run.size).pull", name: "\(label): board pull (HTTP)", value: run.micros(run.pull),
                              unit: .microsPerChange, items: run.changes))
    }
    let ratio = "\(shortCount(big.size)) ÷ \(shortCount(small.size))"
    let parts = [("raw", "raw UPDATE (SQLite itself)", small.raw, big.raw), ("localwrite", "local write", small.write, big.write),
                 ("push", "push", small.push, big.push), ("pull", "pull", small.pull, big.pull)]
    for (key, part, a, b) in parts {
        figures.append(Figure(scenario: .scale, key: "scale.ratio.\(key)",
                              name: "cost per change \(ratio): \(part)", value: b / a, unit: .times, note: "≈1 means size does not matter"))
    }
    let fill = "fill \(shortCount(big.size))"
    figures.append(.rate(.scale, "scale.fill.write", "\(fill): province writes, 2000/tx", items: big.size, seconds: big.fillWrite))
    figures.append(.rate(.scale, "scale.fill.hub", "\(fill): hub store push (apply + rules, no HTTP)", items: big.size, seconds: big.fillHub))
    figures.append(.rate(.scale, "scale.fill.board", "\(fill): board apply, 2000/tx", items: big.size, seconds: big.fillBoard))
    return figures
}

func shortCount(_ n: Int) -> String {
    n >= 1_000_000 && n % 1_000_000 == 0 ? "\(n / 1_000_000)M" : n >= 1_000 && n % 1_000 == 0 ? "\(n / 1_000)k" : "\(n)"
}

private func scaleRun(size: Int, changes: Int, batch: Int, directory: URL) async throws -> ScaleRun {
    let changes = min(changes, size)
    let dir = directory.appendingPathComponent("scale-\(size)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let store = try SQLiteHubStore(directory: dir.appendingPathComponent("hub").path, schema: .commendation, logger: quietLogger)
    let (province, provinceToken) = try await makeNode("hn-office", .province, ["hn"], store: store, directory: dir)
    let (board, boardToken) = try await makeNode("board", .board, [], store: store, directory: dir)
    let fillBatch = 2_000

    let (_, fillWrite) = try timed { try writeNominations(province, 0..<size, batch: fillBatch) }
    let node = try await store.authenticate(token: provinceToken)
    let (_, fillHub) = try await timed {
        var walked: Int64 = 0
        while true {
            let entries = try province.outbox(after: walked, limit: fillBatch)
            guard let last = entries.last else { break }
            walked = last.seq
            let response = try await store.push(entries.map { .success($0.version) }, from: node)
            let refused = response.results.filter { $0.outcome != .applied }
            try check(refused.isEmpty, "the hub did not apply \(refused.count) versions while filling, e.g. \(refused.first.map { "\($0.outcome)" } ?? "")")
            try province.acknowledge(entries, results: response.results)
        }
    }
    let (_, fillBoard) = try timed {
        var cursor: Int64 = 0
        while true {
            let page = try province.changes(after: cursor, limit: fillBatch)
            let rejected = try board.apply(page.versions).filter { if case .rejected = $0.outcome { true } else { false } }
            try check(rejected.isEmpty, "the board rejected \(rejected.count) versions while filling")
            cursor = page.lastSeq
            if !page.hasMore { break }
        }
    }
    let (boardCount, provinceCount) = (try liveCount(board), try liveCount(province))
    try check(boardCount == size && provinceCount == size, "the fill left \(provinceCount) and \(boardCount) nominations, not \(size)")
    try check(try province.syncState().outboxSize == 0, "the province's outbox is not empty after the fill")

    let server = try await Hub(store: store, logger: quietLogger).start()
    do {
        try province.configureHub(url: server.url, token: provinceToken)
        try board.configureHub(url: server.url, token: boardToken)
        _ = try await board.applyPulled([], cursor: try store.latestSeq())  // the board already holds all the hub has
        let provinceSession = try makeSession(province, batch: batch)
        let boardSession = try makeSession(board, batch: batch)
        try await provinceSession.handshake()
        try await boardSession.handshake()

        // Distinct ids spread over the whole range: i × p mod size, p a prime not dividing size.
        let prime = [7_919, 7_927, 7_933].first { size % $0 != 0 } ?? 1
        let keys = (0..<changes).map { RecordKey(collection: "nominations", id: "n\(($0 * prime) % size)") }
        try check(Set(keys).count == changes, "the changed ids are not distinct")
        let writes = keys.enumerated().map { i, key in
            LocalWrite(key: key, operation: .update, values: ["achievements": .text("Cập nhật hồ sơ lần \(i): bổ sung minh chứng sáng kiến")])
        }
        let (_, write) = try timed {
            for start in stride(from: 0, to: writes.count, by: batch) { _ = try province.write(Array(writes[start..<min(start + batch, writes.count)])) }
        }
        var pushed = SyncReport()
        let (_, push) = try await timed { try await provinceSession.pushOutbox(into: &pushed) }
        try check(pushed.pushed.applied == changes, "the hub applied \(pushed.pushed.applied) of \(changes) changes (\(pushed.pushed.rejected) rejected)")
        var pulled = SyncReport()
        let (_, pull) = try await timed { try await boardSession.pullToEnd(wait: 0, into: &pulled) }
        try check(pulled.pulled.applied == changes, "the board applied \(pulled.pulled.applied) of \(changes) pulled changes")
        for key in keys where try province.record(key)?.version != board.record(key)?.version {
            throw BenchError("check failed: \(key) differs between province and board after the changes")
        }
        await server.stop()
        let rawPath = dir.appendingPathComponent("raw.sqlite").path
        _ = try rawInsertCAPI(count: size, batch: fillBatch, path: rawPath)
        let raw = try rawUpdateCAPI(ids: keys.map(\.id), text: "Cập nhật hồ sơ: bổ sung minh chứng sáng kiến", batch: batch, path: rawPath)
        return ScaleRun(size: size, changes: changes, write: write, push: push, pull: pull, raw: raw,
                        fillWrite: fillWrite, fillHub: fillHub, fillBoard: fillBoard)
    } catch {
        await server.stop()
        throw error
    }
}
