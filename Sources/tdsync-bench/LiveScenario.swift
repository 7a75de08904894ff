import Foundation
import SyncClient
import Commendation
import SyncCore

// Live latency: from the start of a province's write until the record is in the board's replica,
// the hub in its own process. Two ways:
// - direct: the province pushes right after its write (`pushOutbox`); the board runs a loop of
//   long-poll pulls (`pullToEnd(wait:)`), and the latency ends when the pull that applied the
//   record returns (judged against the target);
// - daemon: `SyncDaemon` on both sides, as `tdsync daemon` runs; the board's replica is polled
//   every 0.2 ms for the record.

func measureLive(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let dir = directory.appendingPathComponent("live")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let hubDirectory = dir.appendingPathComponent("hub").path
    let tokens = try await registerNodes(directory: hubDirectory, [("hn-office", .province, ["hn"]), ("board", .board, [])])
    let hub = try HubProcess(dataDirectory: hubDirectory, logDirectory: dir, name: "hub")
    defer { hub.stop() }
    let province = try Replica.create(at: dir.appendingPathComponent("hn-office.sqlite").path, schema: .commendation, node: NodeID("hn-office"),
                                      role: .province, scopes: ["hn"])
    let board = try Replica.create(at: dir.appendingPathComponent("board.sqlite").path, schema: .commendation, node: NodeID("board"), role: .board, scopes: [])
    try province.configureHub(url: hub.url, token: tokens["hn-office"]!)
    try board.configureHub(url: hub.url, token: tokens["board"]!)
    let provinceSession = try makeSession(province, batch: 100), boardSession = try makeSession(board, batch: 500)
    try await provinceSession.handshake()
    try await boardSession.handshake()

    let direct = try await liveDirect(probes: sizes.liveProbes, province: provinceSession, board: boardSession)
    let daemon = try await liveDaemon(probes: sizes.daemonProbes, province: provinceSession, board: boardSession, hub: hub)
    // The daemons pulled everything the direct part left behind (its wake-up record) too.
    let held = try liveCount(board)
    try check(held == sizes.liveProbes + sizes.daemonProbes + 1, "the board holds \(held) probe records, not \(sizes.liveProbes + sizes.daemonProbes + 1)")
    try checkSameNominations(province, in: board)
    return [
        Figure(scenario: .live, key: "live.p50", name: "live: write → in board's replica, p50 (direct push)",
               value: percentile(direct, 0.5), unit: .milliseconds, items: direct.count, note: hub.kind),
        Figure(scenario: .live, key: "live.p99", name: "live: write → in board's replica, p99 (direct push)",
               value: percentile(direct, 0.99), unit: .milliseconds, items: direct.count),
        Figure(scenario: .live, key: "live.daemon.p50", name: "live: p50 with SyncDaemon on both sides",
               value: percentile(daemon, 0.5), unit: .milliseconds, items: daemon.count),
        Figure(scenario: .live, key: "live.daemon.p99", name: "live: p99 with SyncDaemon on both sides",
               value: percentile(daemon, 0.99), unit: .milliseconds, items: daemon.count,
               note: "the daemon checks its outbox every \(SyncDaemon(session: provinceSession, logger: quietLogger).outboxCheckInterval)"),
    ]
}

/// Writes one probe record at the province and pushes it, so a board waiting in a long poll wakes.
/// (A wake-up record may already have been pushed by a daemon still finishing: no check then.)
private func writeAndPush(_ id: String, _ province: SyncSession, wakeOnly: Bool = false) async throws {
    _ = try province.replica.write(nominationWrite(0, prefix: id))
    var report = SyncReport()
    try await province.pushOutbox(into: &report)
    try check(wakeOnly || report.pushed.applied == 1, "the hub did not apply the probe \(id)0 (\(report.pushed.rejected) rejected)")
}

private func liveDirect(probes: Int, province: SyncSession, board: SyncSession) async throws -> [Double] {
    let pending = Locked<(key: RecordKey, start: UInt64)?>(nil)
    let stopping = Locked(false)
    let (arrivals, sink) = AsyncStream.makeStream(of: Double.self)
    let boardLoop = Task {
        defer { sink.finish() }
        while !stopping.current {
            var report = SyncReport()
            try await board.pullToEnd(wait: 10, into: &report)
            let arrived = now()
            if let probe = pending.current, try board.replica.record(probe.key) != nil {
                pending.withLock { $0 = nil }
                sink.yield(Double(arrived - probe.start) / 1e6)
            }
        }
    }
    let watchdog = Task {
        try await Task.sleep(for: .seconds(60 + probes))
        sink.finish()
    }
    defer { watchdog.cancel() }
    var latencies: [Double] = []
    var iterator = arrivals.makeAsyncIterator()
    for i in 0..<probes {
        try await Task.sleep(for: .milliseconds(5))  // the board is back in its long poll
        let key = RecordKey(collection: "nominations", id: "live-\(i)-n0")
        pending.withLock { $0 = (key, now()) }
        try await writeAndPush("live-\(i)-n", province)
        guard let ms = await iterator.next() else {
            stopping.withLock { $0 = true }
            try await boardLoop.value
            throw BenchError("check failed: probe \(i) never reached the board")
        }
        latencies.append(ms)
    }
    stopping.withLock { $0 = true }
    try await writeAndPush("live-stop-n", province, wakeOnly: true)  // wakes the board's long poll
    try await boardLoop.value
    return latencies
}

/// Ends with the hub killed: the daemons stop only by cancellation, and cancelling a request in
/// flight deadlocked URLSession on Linux; with the hub gone their requests fail at once and they
/// sit in their backoff sleep, where cancelling is safe whatever the transport.
private func liveDaemon(probes: Int, province: SyncSession, board: SyncSession, hub: HubProcess) async throws -> [Double] {
    var provinceDaemon = SyncDaemon(session: province, logger: quietLogger)
    provinceDaemon.pollWait = 10
    var boardDaemon = SyncDaemon(session: board, logger: quietLogger)
    boardDaemon.pollWait = 10
    let daemons = [Task { [provinceDaemon] in await provinceDaemon.run() }, Task { [boardDaemon] in await boardDaemon.run() }]
    func stopDaemons() async {
        hub.kill()
        try? await Task.sleep(for: .milliseconds(100))
        for daemon in daemons { daemon.cancel() }
        for daemon in daemons { await daemon.value }
    }
    var latencies: [Double] = []
    do {
        for i in 0..<probes {
            try await Task.sleep(for: .milliseconds(Int.random(in: 5...50)))
            let key = RecordKey(collection: "nominations", id: "daemon-\(i)-n0")
            let start = now()
            _ = try province.replica.write(nominationWrite(0, prefix: "daemon-\(i)-n"))
            let deadline = start + 30_000_000_000
            while try board.replica.record(key) == nil {
                try check(now() < deadline, "probe \(key) did not reach the board within 30 s through the daemons")
                try await Task.sleep(for: .microseconds(200))
            }
            latencies.append(Double(now() - start) / 1e6)
        }
        // The direct part's wake-up record may still be on its way to the board.
        let deadline = now() + 30_000_000_000
        while try board.replica.record(RecordKey(collection: "nominations", id: "live-stop-n0")) == nil {
            try check(now() < deadline, "the direct part's last record did not reach the board within 30 s")
            try await Task.sleep(for: .milliseconds(1))
        }
    } catch {
        await stopDaemons()
        throw error
    }
    await stopDaemons()
    return latencies
}
