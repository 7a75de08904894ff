import Foundation
import SyncClient
import Commendation
import SyncCore

/// The HTTP transport with every push request timed (milliseconds, into `latencies`).
struct TimedTransport: SyncTransport {
    let base: HTTPTransport
    let latencies: Locked<[Double]>

    func hello(_ request: HelloRequest) async throws -> HelloResponse { try await base.hello(request) }

    func push(_ versions: EncodedVersions) async throws -> PushResponse {
        let start = now()
        let response = try await base.push(versions)
        let ms = Double(now() - start) / 1e6
        latencies.withLock { $0.append(ms) }
        return response
    }

    func pull(after cursor: Int64, limit: Int, wait: Int, includeOwn: Bool) async throws -> PullResponse {
        try await base.pull(after: cursor, limit: limit, wait: wait, includeOwn: includeOwn)
    }
}

// 35 nodes at once: the 34 provinces of 2025, each with its own replica file, push batches of 100
// new nominations (write, then push at once) while the board long-polls and pulls; one hub, in its
// own process (`tdsync serve`). Every push request is timed at the transport.

func measureNodes(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let codes = ReferenceData.provinces.map(\.code)
    try check(codes.count == 34 && Set(codes).count == 34, "the reference data lists \(codes.count) provinces, not 34")
    let perBatch = 100, batches = sizes.nodeBatches
    let total = codes.count * batches * perBatch
    let dir = directory.appendingPathComponent("nodes")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let hubDirectory = dir.appendingPathComponent("hub").path
    let tokens = try await registerNodes(directory: hubDirectory, codes.map { ("p-\($0)", Role.province, [$0]) } + [("board", .board, [])])
    let hub = try HubProcess(dataDirectory: hubDirectory, logDirectory: dir, name: "hub")
    defer { hub.stop() }
    guard let hubURL = URL(string: hub.url) else { throw BenchError("the hub announced a bad URL '\(hub.url)'") }

    let latencies = Locked<[Double]>([]), roundTrips = Locked<[Double]>([])
    var provinces: [(code: String, replica: Replica, session: SyncSession)] = []
    for code in codes {
        let id = "p-\(code)"
        let replica = try Replica.create(at: dir.appendingPathComponent("\(id).sqlite").path, schema: .commendation, node: NodeID(id), role: .province, scopes: [code])
        try replica.configureHub(url: hub.url, token: tokens[id]!)
        var session = SyncSession(replica: replica, transport: TimedTransport(base: HTTPTransport(baseURL: hubURL, token: tokens[id]!),
                                                                              latencies: latencies))
        session.batchSize = perBatch
        try await session.handshake()
        provinces.append((code, replica, session))
    }
    let board = try Replica.create(at: dir.appendingPathComponent("board.sqlite").path, schema: .commendation, node: NodeID("board"), role: .board, scopes: [])
    try board.configureHub(url: hub.url, token: tokens["board"]!)
    let boardSession = try makeSession(board, batch: 1_000)
    try await boardSession.handshake()

    // No task is cancelled (cancelling a request in flight deadlocked URLSession on Linux; the run
    // must never hang): a failing node records its error, the others see it and stop.
    let start = now()
    let pushesDone = Locked<UInt64>(0), boardDone = Locked<UInt64>(0)
    let failure = Locked<(any Error)?>(nil)
    let deadline = start + UInt64(max(120, total / 50)) * 1_000_000_000
    await withTaskGroup(of: Void.self) { group in
        for province in provinces {
            group.addTask {
                do {
                    for b in 0..<batches where failure.current == nil {
                        let writes = nominationWrites(b * perBatch..<(b + 1) * perBatch, scope: province.code, prefix: "\(province.code)-n")
                        let replica = province.replica
                        _ = try await offload { try replica.write(writes) }
                        var report = SyncReport()
                        let begin = now()
                        try await province.session.pushOutbox(into: &report)
                        let ms = Double(now() - begin) / 1e6
                        roundTrips.withLock { $0.append(ms) }
                        try check(report.pushed.applied == perBatch, "p-\(province.code) pushed \(report.pushed.applied) of \(perBatch) (\(report.pushed.rejected) rejected)")
                    }
                    let finished = now()
                    pushesDone.withLock { $0 = max($0, finished) }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        group.addTask {
            do {
                var received = 0
                while received < total && failure.current == nil {
                    try check(now() < deadline, "the board received \(received) of \(total) records before the deadline")
                    var report = SyncReport()
                    try await boardSession.pullToEnd(wait: 2, into: &report)
                    try check(report.pulled.rejected == 0 && report.pulled.conflict == 0,
                              "the board rejected \(report.pulled.rejected) and conflicted \(report.pulled.conflict) pulled versions")
                    received += report.pulled.applied
                }
                let finished = now()
                boardDone.withLock { $0 = finished }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }
    if let error = failure.current { throw error }
    let hubMB = try hub.peakMB()

    // Convergence: the board holds every province's records, identical; no outbox left anywhere.
    let received = try liveCount(board)
    try check(received == total, "the board holds \(received) nominations, not \(total)")
    let boardRecords = try nominationsByKey(board)
    for province in provinces {
        try checkSameNominations(province.replica, in: boardRecords, name: "board", scope: province.code)
        try check(try province.replica.syncState().outboxSize == 0, "p-\(province.code) still has an outbox")
        try check(try liveCount(province.replica) == batches * perBatch, "p-\(province.code) holds records of other provinces")
    }
    let pushes = latencies.current, trips = roundTrips.current
    try check(pushes.count == codes.count * batches, "\(pushes.count) push requests were timed, not \(codes.count * batches)")
    let pushSeconds = Double(pushesDone.current - start) / 1e9, allSeconds = Double(boardDone.current - start) / 1e9
    return [
        .rate(.nodes, "nodes.pushThroughput", "35 nodes: pushes of 34 provinces, all together", items: total, seconds: pushSeconds,
              note: "\(batches) × 100 each; \(hub.kind)"),
        .rate(.nodes, "nodes.endToEnd", "35 nodes: until the board holds every record", items: total, seconds: allSeconds),
        Figure(scenario: .nodes, key: "nodes.pushP50", name: "35 nodes: push request latency p50 (100 records)",
               value: percentile(pushes, 0.5), unit: .milliseconds, items: pushes.count),
        Figure(scenario: .nodes, key: "nodes.pushP99", name: "35 nodes: push request latency p99 (100 records)",
               value: percentile(pushes, 0.99), unit: .milliseconds, items: pushes.count),
        Figure(scenario: .nodes, key: "nodes.roundTripP99", name: "35 nodes: pushOutbox p99 (request + acknowledge)",
               value: percentile(trips, 0.99), unit: .milliseconds, items: trips.count),
        Figure(scenario: .nodes, key: "nodes.hubRSS", name: "35 nodes: hub peak RSS (VmHWM)", value: hubMB, unit: .megabytes),
    ]
}
