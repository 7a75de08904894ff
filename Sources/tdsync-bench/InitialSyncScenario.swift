import Foundation
import Logging
import SyncClient
import Commendation
import SyncCore
import SyncServer

// Large initial sync. The hub runs in its own process (`tdsync serve`); the province's push and the
// board's pull each run in a child process (this benchmark re-executed as a worker), so each
// process's VmHWM is that side's peak RSS alone. The province's records are written beforehand,
// in this process, and not timed.

func measureInitialSync(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let count = sizes.count
    let dir = directory.appendingPathComponent("initial")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let hubDirectory = dir.appendingPathComponent("hub").path
    let tokens = try await registerNodes(directory: hubDirectory, [("hn-office", .province, ["hn"]), ("board", .board, [])])
    let provincePath = dir.appendingPathComponent("hn-office.sqlite").path
    let boardPath = dir.appendingPathComponent("board.sqlite").path
    do {
        let province = try Replica.create(at: provincePath, schema: .commendation, node: NodeID("hn-office"), role: .province, scopes: ["hn"])
        try writeNominations(province, 0..<count, batch: max(sizes.batch, 2_000))
        try await province.close()
        try await Replica.create(at: boardPath, schema: .commendation, node: NodeID("board"), role: .board, scopes: []).close()
    }
    let hub = try HubProcess(dataDirectory: hubDirectory, logDirectory: dir, name: "hub")
    defer { hub.stop() }
    do {
        let province = try Replica.open(at: provincePath, schema: .commendation), board = try Replica.open(at: boardPath, schema: .commendation)
        try province.configureHub(url: hub.url, token: tokens["hn-office"]!)
        try board.configureHub(url: hub.url, token: tokens["board"]!)
        try await province.close()
        try await board.close()
    }
    let batch = String(sizes.batch)
    let push = try runWorker("initial-push", ["db": provincePath, "batch": batch, "expect": String(count)], directory: dir)
    let pull = try runWorker("initial-pull", ["db": boardPath, "batch": batch, "expect": String(count)], directory: dir)
    let hubMB = try hub.peakMB()
    hub.stop()

    // Both sides hold the same records (counted, then compared one by one or by sample).
    let province = try Replica.open(at: provincePath, schema: .commendation), board = try Replica.open(at: boardPath, schema: .commendation)
    try check(try province.syncState().outboxSize == 0, "the province's outbox is not empty after its push")
    try checkSameNominations(province, board, count: count)
    let note = hub.kind
    return [
        .rate(.initial, "initial.push", "initial sync: province push (own process)", items: count, seconds: push.seconds, note: note),
        .rate(.initial, "initial.pull", "initial sync: board pull (own process)", items: count, seconds: pull.seconds),
        Figure(scenario: .initial, key: "initial.seconds", name: "initial sync: push + pull, total", value: push.seconds + pull.seconds,
               unit: .seconds, items: count),
        Figure(scenario: .initial, key: "initial.echo", name: "initial sync: province's pull after its push (\(push.secondCount) versions)",
               value: push.secondSeconds * 1e3, unit: .milliseconds, note: "the rest of its first `tdsync sync`; not in the total"),
        Figure(scenario: .initial, key: "initial.provinceRSS", name: "initial sync: province peak RSS (VmHWM)",
               value: Double(push.peakRSSKB) / 1024, unit: .megabytes, items: count),
        Figure(scenario: .initial, key: "initial.boardRSS", name: "initial sync: board peak RSS (VmHWM)",
               value: Double(pull.peakRSSKB) / 1024, unit: .megabytes, items: count),
        Figure(scenario: .initial, key: "initial.hubRSS", name: "initial sync: hub peak RSS (VmHWM)", value: hubMB, unit: .megabytes,
               items: count),
    ]
}

/// `--worker initial-push`: the province's first sync — handshake and push (timed), then its pull
/// (timed apart; the hub leaves the province's own pushes out, so little comes back).
func initialPushWorker(_ args: WorkerArguments) async throws {
    let replica = try Replica.open(at: try args.string("db"), schema: .commendation)
    let expected = try args.int("expect")
    let session = try makeSession(replica, batch: try args.int("batch"))
    var report = SyncReport()
    let (_, pushSeconds) = try await timed {
        try await session.handshake()
        try await session.pushOutbox(into: &report)
    }
    try check(report.pushed.applied == expected, "the hub took \(report.pushed.applied) of \(expected) pushed versions (\(report.pushed.rejected) rejected)")
    var echo = SyncReport()
    let (_, echoSeconds) = try await timed { try await session.pullToEnd(wait: 0, into: &echo) }
    try check(echo.pulled.changed == 0, "the province changed \(echo.pulled.changed) records pulling back its own pushes")
    try args.finish(WorkerResult(seconds: pushSeconds, secondSeconds: echoSeconds, count: report.pushed.applied, secondCount: echo.pulled.total))
}

/// `--worker initial-pull`: the board's first sync (handshake and pull to the end), timed.
func initialPullWorker(_ args: WorkerArguments) async throws {
    let replica = try Replica.open(at: try args.string("db"), schema: .commendation)
    let expected = try args.int("expect")
    let session = try makeSession(replica, batch: try args.int("batch"))
    var report = SyncReport()
    let (_, seconds) = try await timed {
        try await session.handshake()
        try await session.pullToEnd(wait: 0, into: &report)
    }
    try check(report.pulled.applied == expected, "the board applied \(report.pulled.applied) of \(expected) pulled versions")
    try args.finish(WorkerResult(seconds: seconds, count: report.pulled.applied))
}

/// `--worker hub`: serves a hub like `tdsync serve` does (used when no tdsync binary is found).
func hubWorker(_ args: WorkerArguments) async throws {
    let store = try SQLiteHubStore(directory: try args.string("data"), schema: .commendation, logger: quietLogger)
    try await Hub(store: store, logger: quietLogger).run(host: "127.0.0.1", port: 0) { port in
        print("tdsync hub listening on http://127.0.0.1:\(port)")
        fflush(nil)
    }
}

func runWorkerCommand(_ arguments: [String]) async throws {
    let args = try WorkerArguments(arguments)
    switch args.name {
    case "initial-push": try await initialPushWorker(args)
    case "initial-pull": try await initialPullWorker(args)
    case "hub": try await hubWorker(args)
    default: throw BenchError("unknown worker '\(args.name)'")
    }
}
