import Foundation
import SyncClient
import Commendation
import SyncCore
import SyncServer

// Backends: the same pushes and pulls through the hub on each of its storage backends, in one run:
// (a) SQLite, the embedded store (`tdsync serve --data`); (b) one hub instance on PostgreSQL;
// (c) two hub instances on one PostgreSQL database, the provinces and the boards alternating
// between them. Every leg starts from an empty hub: `clients` provinces push their nominations
// (the same records in every leg) all at once, then two boards pull the whole log at once. The
// hubs run in this process, as in the sync scenario, without a request budget; PostgreSQL is a
// throw-away cluster on loopback with its default durability (fsync and synchronous_commit on).
// Without PostgreSQL only the SQLite leg runs, and a note says so.

/// A province of the run and how many nominations it pushes.
private struct Share: Sendable {
    let code: String
    let count: Int
    var node: String { "p-\(code)" }
}

/// The boards that pull: one per instance in the two-instance leg.
private let boardNames = ["board-a", "board-b"]

/// Connections each PostgreSQL hub instance may open (`tdsync serve --db-pool`'s default).
private let poolSize = 20

func measureBackends(sizes: Sizes, clients: Int, directory: URL) async throws -> (figures: [Figure], notes: [String]) {
    let dir = directory.appendingPathComponent("backends")
    let codes = ReferenceData.provinces.map(\.code)
    let clients = max(1, min(clients, codes.count, sizes.count))
    let shares = (0..<clients).map { i in Share(code: codes[i], count: sizes.count / clients + (i < sizes.count % clients ? 1 : 0)) }
    // The provinces' replicas are written once, closed, and copied for each leg.
    let templates = dir.appendingPathComponent("templates")
    try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
    for share in shares {
        let replica = try Replica.create(at: templates.appendingPathComponent("\(share.node).sqlite").path, schema: .commendation, node: NodeID(share.node),
                                         role: .province, scopes: [share.code])
        try writeNominations(replica, 0..<share.count, batch: sizes.batch, scope: share.code, prefix: "\(share.code)-n")
        try await replica.close()
    }
    let legs = Legs(shares: shares, sizes: sizes, templates: templates, directory: dir)

    var figures = try await legs.measure("sqlite", "SQLite hub", stores: [
        SQLiteHubStore(directory: dir.appendingPathComponent("sqlite-hub").path, schema: .commendation, logger: quietLogger),
    ])
    let cores = "\(ProcessInfo.processInfo.activeProcessorCount) cores"
    if let missing = TemporaryPostgres.missing() {
        return (figures, ["backends: PostgreSQL skipped — \(missing); only the SQLite hub was measured"])
    }
    let cluster = try TemporaryPostgres()
    defer { cluster.stop() }
    let version = try runProgram("\(cluster.binaries)/postgres", ["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
    let (fsync, synchronousCommit) = (try cluster.setting("fsync"), try cluster.setting("synchronous_commit"))
    try check(fsync == "on" && synchronousCommit == "on",
              "PostgreSQL runs with fsync=\(fsync), synchronous_commit=\(synchronousCommit); the hub is measured durable on every backend")
    func connect(_ url: String) async throws -> any HubStore {
        try await PostgresHubStore.connect(PostgresHubConfiguration(url: url, poolSize: poolSize), schema: .commendation, logger: quietLogger)
    }
    let one = try cluster.createDatabase("tdsync_one")
    figures += try await legs.measure("pg1", "PostgreSQL, 1 hub instance", stores: [try await connect(one)], serverCPU: cluster.serverCPUSeconds)
    let two = try cluster.createDatabase("tdsync_two")
    figures += try await legs.measure("pg2", "PostgreSQL, 2 hub instances", stores: [try await connect(two), try await connect(two)],
                                      serverCPU: cluster.serverCPUSeconds)

    // backends.LEG.WHAT against backends.sqlite.WHAT, where there is one.
    figures = figures.map { figure in
        let parts = figure.key.split(separator: ".", maxSplits: 2)
        guard parts.count == 3, parts[1] != "sqlite",
              let sqlite = figures.first(where: { $0.key == "backends.sqlite.\(parts[2])" }) else { return figure }
        var compared = figure
        compared.relative = Relative(key: sqlite.key, ratio: figure.value / sqlite.value)
        return compared
    }
    return (figures, [
        "backends: \(version), default settings (fsync=\(fsync), synchronous_commit=\(synchronousCommit)), pool \(poolSize) per instance; "
            + "the hubs, their clients and PostgreSQL all share this machine's \(cores), so a second instance adds no CPU here",
    ])
}

/// The legs of the scenario: the same provinces and boards against one storage setup each.
private struct Legs {
    let shares: [Share]
    let sizes: Sizes
    let templates: URL
    let directory: URL

    /// One leg: a hub instance over each of `stores` (which it closes), the provinces and the
    /// boards spread over the instances in turn; the push and pull rates, once every record is
    /// checked, and the CPU each took in this process (hubs and clients) and in `serverCPU`'s
    /// database server.
    func measure(_ key: String, _ name: String, stores: [any HubStore], serverCPU: (() throws -> Double)? = nil) async throws -> [Figure] {
        var hubs: [RunningHub] = []
        do {
            for store in stores { hubs.append(try await Hub(store: store, logger: quietLogger, limits: .unlimited).start()) }
            let figures = try await measure(key, name, stores: stores, hubs: hubs, serverCPU: serverCPU)
            await Self.shutDown(hubs, stores)
            return figures
        } catch {
            await Self.shutDown(hubs, stores)
            throw BenchError("\(name): \(error)")
        }
    }

    private static func shutDown(_ hubs: [RunningHub], _ stores: [any HubStore]) async {
        for hub in hubs { await hub.stop() }
        for store in stores { await store.close() }
    }

    private func measure(_ key: String, _ name: String, stores: [any HubStore], hubs: [RunningHub],
                         serverCPU: (() throws -> Double)?) async throws -> [Figure] {
        let dir = directory.appendingPathComponent(key)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Nodes are registered through the first instance: every instance reads the same registry.
        func node(_ id: String, _ role: Role, _ scopes: [String], instance: Int, open: (String) throws -> Replica) async throws -> SyncSession {
            let token = try await stores[0].registerNode(NodeID(id), role: role, scopes: scopes)
            let replica = try open(dir.appendingPathComponent("\(id).sqlite").path)
            try replica.configureHub(url: hubs[instance % hubs.count].url, token: token)
            return try makeSession(replica, batch: sizes.batch)
        }
        var provinces: [SyncSession] = [], boards: [SyncSession] = []
        for (i, share) in shares.enumerated() {
            provinces.append(try await node(share.node, .province, [share.code], instance: i) { path in
                try FileManager.default.copyItem(atPath: templates.appendingPathComponent("\(share.node).sqlite").path, toPath: path)
                return try Replica.open(at: path, schema: .commendation)
            })
        }
        for (i, id) in boardNames.enumerated() {
            boards.append(try await node(id, .board, [], instance: i) { try Replica.create(at: $0, schema: .commendation, node: NodeID(id), role: .board, scopes: []) })
        }
        for session in provinces + boards { try await session.handshake() }
        log("backends: \(name): \(shares.count) provinces push, then \(boards.count) boards pull…")

        let cpu = CPUMeter(server: serverCPU)
        var mark = try cpu.read()
        let (pushed, pushSeconds) = try await timed {
            try await allAtOnce(provinces) { session in
                var report = SyncReport()
                try await session.pushOutbox(into: &report)
                return report
            }
        }
        for (share, report) in zip(shares, pushed) {
            try check(report.pushed.applied == share.count && report.pushed.total == share.count,
                      "\(name): the hub took \(report.pushed.applied) of the \(share.count) versions \(share.node) pushed (\(report.pushed.rejected) rejected)")
        }
        let pushCPU = try cpu.since(&mark)
        let (pulled, pullSeconds) = try await timed {
            try await allAtOnce(boards) { session in
                var report = SyncReport()
                try await session.pullToEnd(wait: 0, into: &report)
                return report
            }
        }
        for (board, report) in zip(boards, pulled) {
            try check(report.pulled.applied == sizes.count && report.pulled.rejected == 0 && report.pulled.conflict == 0,
                      "\(name): \(board.replica.node) applied \(report.pulled.applied) of \(sizes.count) pulled versions "
                        + "(\(report.pulled.rejected) rejected, \(report.pulled.conflict) conflicts)")
        }
        let pullCPU = try cpu.since(&mark)
        try checkArrived(name, provinces: provinces, boards: boards.map(\.replica))
        var heads: [Int64] = []
        for store in stores { heads.append(try await store.latestSeq()) }
        try check(Set(heads).count == 1 && heads[0] >= Int64(sizes.count), "\(name): the instances report the heads \(heads)")

        let spread = hubs.count > 1 ? "; provinces and boards alternate between the \(hubs.count) instances" : ""
        let pushers = shares.count == 1 ? "1 province" : "\(shares.count) provinces at once"
        return [
            .rate(.backends, "backends.\(key).push", "\(name): push, \(pushers)", items: sizes.count,
                  seconds: pushSeconds, note: "\(sizes.batch)/request\(spread)"),
            .rate(.backends, "backends.\(key).pull", "\(name): pull, \(boards.count) boards at once", items: sizes.count * boards.count,
                  seconds: pullSeconds, note: "each board the whole log, \(sizes.batch)/page"),
        ] + pushCPU.figures(key, name, "push") + pullCPU.figures(key, name, "pull")
    }

    /// Every board holds every province's nominations, identical, and nothing else; no province
    /// has an outbox left. Each record is compared up to 100,000 records, else the counts and an
    /// even sample of each province's records.
    private func checkArrived(_ name: String, provinces: [SyncSession], boards: [Replica]) throws {
        for province in provinces {
            try check(try province.replica.syncState().outboxSize == 0, "\(name): \(province.replica.node) still has an outbox")
        }
        for board in boards {
            let held = try liveCount(board)
            try check(held == sizes.count, "\(name): \(board.node) holds \(held) nominations, not \(sizes.count)")
            if sizes.count <= 100_000 {
                let records = try nominationsByKey(board)
                for (share, province) in zip(shares, provinces) {
                    try checkSameNominations(province.replica, in: records, name: board.node.rawValue, scope: share.code)
                }
                continue
            }
            for (share, province) in zip(shares, provinces) {
                let inScope = try liveCount(board, scope: share.code)
                try check(inScope == share.count, "\(name): \(board.node) holds \(inScope) nominations of \(share.code), not \(share.count)")
                for i in stride(from: 0, to: share.count, by: max(1, share.count / 1_000)) {
                    let key = RecordKey(collection: "nominations", id: "\(share.code)-n\(i)")
                    try check(try province.replica.record(key)?.version == board.record(key)?.version,
                              "\(name): \(key) differs between \(province.replica.node) and \(board.node)")
                }
            }
        }
    }
}

/// CPU seconds used by this process (the hubs and their clients) and by a database server.
private struct CPUMeter {
    struct Reading {
        var process: Double
        var server: Double?

        func figures(_ key: String, _ name: String, _ phase: String) -> [Figure] {
            [Figure(scenario: .backends, key: "backends.\(key).\(phase).cpu", name: "\(name): \(phase), CPU of this process (hubs, clients)",
                    value: process, unit: .seconds)]
                + (server.map { [Figure(scenario: .backends, key: "backends.\(key).\(phase).cpuServer",
                                       name: "\(name): \(phase), CPU of the PostgreSQL server", value: $0, unit: .seconds)] } ?? [])
        }
    }

    let server: (() throws -> Double)?

    func read() throws -> Reading { Reading(process: ProcessCPU()?.own ?? 0, server: try server?()) }

    /// The CPU used since `mark`, which moves to now.
    func since(_ mark: inout Reading) throws -> Reading {
        let now = try read()
        defer { mark = now }
        return Reading(process: now.process - mark.process, server: now.server.map { $0 - (mark.server ?? 0) })
    }
}

/// The backends' rates side by side, each with its ratio to the SQLite hub of the same run, and
/// the CPU seconds each phase took (this process + the PostgreSQL server).
func printBackendsTable(_ figures: [Figure]) {
    let pushes = figures.filter { $0.scenario == .backends && $0.key.hasSuffix(".push") }
    guard let first = pushes.first else { return }
    func figure(_ push: Figure, _ what: String) -> Figure? {
        let key = String(push.key.dropLast("push".count)) + what
        return figures.first { $0.key == key }
    }
    func header(_ f: Figure?) -> String { f.map { String($0.name.split(separator: ":").last ?? "").trimmingCharacters(in: .whitespaces) } ?? "" }
    func rate(_ f: Figure?) -> String {
        guard let f else { return "–" }
        return format(f.value, f.unit) + (f.relative.map { String(format: " (%.2f×)", $0.ratio) } ?? " (1×)")
    }
    func cpu(_ push: Figure, _ phase: String) -> String {
        guard let own = figure(push, "\(phase).cpu") else { return "–" }
        return String(format: "%.1f", own.value) + (figure(push, "\(phase).cpuServer").map { String(format: " + %.1f", $0.value) } ?? "")
    }
    print("\n-- backends: records/s (× the SQLite hub measured in this run); CPU s: this process + PostgreSQL")
    print(pad("hub storage", 30) + pad(header(first), 30, left: true) + pad(header(figure(first, "pull")), 26, left: true)
          + pad("CPU s, push", 14, left: true) + pad("CPU s, pull", 14, left: true))
    for push in pushes {
        print(pad(String(push.name.split(separator: ":").first ?? ""), 30) + pad(rate(push), 30, left: true)
              + pad(rate(figure(push, "pull")), 26, left: true) + pad(cpu(push, "push"), 14, left: true) + pad(cpu(push, "pull"), 14, left: true))
    }
}
