import AsyncHTTPClient
import Foundation
import PostgresTestSupport
import Synchronization
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// Two hub instances serving one PostgreSQL database, each over its own store and port, as two
/// processes behind a load balancer would.
@Suite(.serialized, .enabled(if: HubBackend.all.contains(.postgres))) struct MultiInstanceTests {
    /// A hub and a second instance over its database; `urls[0]`, `urls[1]`.
    struct TwoInstances: Sendable {
        let hub: HubFixture
        let second: (store: any HubStore, running: RunningHub)
        var urls: [URL] { [hub.url, URL(string: second.running.url)!] }

        static func start() async throws -> TwoInstances {
            let hub = try await HubFixture.start(backend: .postgres, limits: .unlimited)
            do { return TwoInstances(hub: hub, second: try await hub.secondInstance()) } catch {
                await hub.stop()
                throw error
            }
        }

        /// Runs `body` with two instances, and stops both however `body` ends.
        static func with(_ body: (TwoInstances) async throws -> Void) async throws {
            let two = try await start()
            do { try await body(two) } catch {
                await two.stop()
                throw error
            }
            await two.stop()
        }

        /// A session for `replica` through instance `index`.
        func session(_ replica: Replica, via index: Int) throws -> SyncSession {
            SyncSession(replica: replica, transport: HTTPTransport(baseURL: urls[index % 2], token: try #require(try replica.syncState().token)))
        }

        func stop() async {
            await second.running.stop()
            await second.store.close()
            await hub.stop()
        }
    }

    @Test func nodesSyncingThroughAlternatingInstancesConverge() async throws {
        try await TwoInstances.with { two in
            let board = try await two.hub.node("board", role: .board)
            let hn = try await two.hub.node("hn-office", role: .province, scopes: ["hn"])
            let dn = try await two.hub.node("dn-office", role: .province, scopes: ["dn"])
            var turn = 0
            func syncAll(_ replicas: [Replica]) async throws {
                for replica in replicas {
                    let report = try await two.session(replica, via: turn).sync()
                    #expect(report.rejected.isEmpty, "\(replica.node) through instance \(turn % 2 + 1)")
                    turn += 1
                }
            }
            try hn.write((1...25).map { Domain.nomination("hn-\($0)", scope: "hn", name: "Nguyễn Văn \($0)") })
            try dn.write((1...15).map { Domain.nomination("dn-\($0)", scope: "dn", name: "Trần Thị \($0)") })
            try await syncAll([hn, dn, board, hn, dn, board])
            // A concurrent edit through different instances is one conflict, everywhere.
            try board.write(Domain.update("hn-4", ["achievements": .text("Hoàn thành xuất sắc (hội đồng)")]))
            try hn.write(Domain.update("hn-4", ["achievements": .text("Hoàn thành xuất sắc (tỉnh)")]))
            try board.write(Domain.update("dn-2", ["board_status": .text("approved"), "decision_number": .text("12/QĐ-TTg")]))
            try await syncAll([board, hn, dn, board, hn, dn, board])

            #expect(try Domain.export(hn, scope: "hn") == Domain.export(board, scope: "hn"))
            #expect(try Domain.export(dn, scope: "dn") == Domain.export(board, scope: "dn"))
            #expect(try board.records(in: "nominations").count == 40)
            #expect(try hn.conflicts().map(\.field) == ["achievements"])
            #expect(try board.conflicts().map(\.field) == ["achievements"])
            let decided = try #require(try dn.record(RecordKey(collection: "nominations", id: "dn-2")))
            #expect(dn.visibleValues(of: decided.version)["decision_number"] == .text("12/QĐ-TTg"))
            #expect(try await two.second.store.latestSeq() == two.hub.store.latestSeq(), "both instances read one log")
        }
    }

    /// Also after the database dropped every connection (a failover, a restart): instances
    /// reconnect, and listen again.
    @Test(arguments: [false, true]) func aLongPollOnOneInstanceWakesOnAPushToTheOther(afterLosingConnections: Bool) async throws {
        try await TwoInstances.with { two in
            let board = try await two.hub.node("board", role: .board)
            let hn = try await two.hub.node("hn-office", role: .province, scopes: ["hn"])
            _ = try await two.session(board, via: 0).sync()
            if afterLosingConnections {
                try await PostgresServer.shared.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                    in: try #require(two.hub.databaseURL))
                try await Task.sleep(for: .seconds(2))   // the listener retries every second
            }
            let listening = try two.session(board, via: 0)
            let started = ContinuousClock.now
            async let received: SyncReport = {
                var report = SyncReport()
                try await listening.pullToEnd(wait: 25, into: &report)
                return report
            }()
            try await Task.sleep(for: .milliseconds(500))
            try hn.write(Domain.nomination("live-1", scope: "hn"))
            _ = try await two.session(hn, via: 1).sync()
            let report = try await received
            let elapsed = ContinuousClock.now - started
            #expect(report.pulled.applied == 1)
            #expect(elapsed < .seconds(10), "instance 1's long-poll returned when instance 2 committed, not at the 25 s timeout (took \(elapsed))")
            #expect(try board.record(RecordKey(collection: "nominations", id: "live-1")) != nil)
        }
    }

    @Test func healthNamesTheInstanceAndAnswers503WhileTheDatabaseIsGone() async throws {
        try await TwoInstances.with { two in
            func get(_ index: Int, _ path: String) async throws -> (status: Int, body: Data) {
                let response = try await HTTPTransport.sharedClient.execute(HTTPClientRequest(url: two.urls[index].appendingPathComponent(path).absoluteString),
                                                                            timeout: .seconds(30))
                return (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 1 << 20)))
            }
            func health(_ index: Int) async throws -> (status: Int, body: [String: Any]) {
                let (status, data) = try await get(index, "healthz")
                return (status, try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:])
            }
            let (first, second) = (try await health(0), try await health(1))
            #expect(first.status == 200 && second.status == 200)
            #expect(first.body["status"] as? String == "ok")
            #expect((first.body["storage"] as? [String: Any])?["backend"] as? String == "postgresql")
            #expect(first.body["hub_seq"] as? Int == second.body["hub_seq"] as? Int)
            #expect(first.body["instance"] as? String != second.body["instance"] as? String, "each instance names itself")
            let (_, metrics) = try await get(1, "metrics")
            #expect(String(decoding: metrics, as: UTF8.self).contains("tdsync_hub_info{instance=\"\(second.body["instance"] as? String ?? "?")\",backend=\"postgresql\"} 1"))

            try await PostgresServer.shared.dropDatabase(try #require(two.hub.databaseURL))
            let gone = try await health(0)
            #expect(gone.status == 503, "a load balancer takes the instance out")
            #expect(gone.body["status"] as? String == "unavailable")
            let storage = gone.body["storage"] as? [String: Any]
            #expect(storage?["reachable"] as? Bool == false)
            #expect((storage?["error"] as? String)?.contains("PostgreSQL") == true, "\(storage ?? [:])")
        }
    }

    @Test func instancesStartingTogetherMigrateAndSeedOnce() async throws {
        let url = try await PostgresServer.shared.newDatabase()
        let configuration = try PostgresHubConfiguration(url: url, poolSize: 4)
        let stores = try await withThrowingTaskGroup(of: PostgresHubStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresHubStore.connect(configuration, schema: .commendation, logger: HubFixture.quietLogger) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let heads = try await stores.asyncMap { try await $0.latestSeq() }
        #expect(heads == Array(repeating: Int64(Schema.commendation.seed.versions.count), count: 4), "the catalog was seeded once: \(heads)")
        #expect(Set(try await stores.asyncMap { try await $0.epoch() }).count == 1)
        for store in stores { await store.close() }
    }

    /// Writers push through both instances at once while readers pull through both with small
    /// pages; every change must reach every reader, whatever the interleaving. Rounds and seed:
    /// `TDSYNC_MULTI_ROUNDS` (default 4), `TDSYNC_MULTI_SEED`.
    @Test func concurrentPushesThroughBothInstancesNeverSkipAChangeInAPull() async throws {
        let environment = ProcessInfo.processInfo.environment
        let rounds = Int(environment["TDSYNC_MULTI_ROUNDS"] ?? "") ?? 4
        let seed = UInt64(environment["TDSYNC_MULTI_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
        try await TwoInstances.with { two in
            let provinces = ["hn", "dn", "hue", "ct"]
            let writers = try await provinces.asyncMap { try await two.hub.node("\($0)-office", role: .province, scopes: [$0]) }
            let readers = try await (1...3).asyncMap { index in
                (node: "reader-board-\(index)", token: try await two.hub.store.registerNode(NodeID("reader-board-\(index)"), role: .board, scopes: []))
            }
            var cursors = Array(repeating: Int64(0), count: readers.count)
            var received = Array(repeating: [RecordKey: VersionVector](), count: readers.count)
            for round in 1...rounds {
                var rng = SeededRandom(seed: seed, index: UInt64(round))
                let plans = writers.indices.map { _ in (batches: Int(rng.below(4)) + 2, size: Int(rng.below(60)) + 1, seed: rng.next()) }
                let pullPlan = readers.indices.map { _ in rng.next() }
                let done = Flag()
                let writing = Task {
                    defer { done.set() }
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, writer) in writers.enumerated() {
                            let plan = plans[index]
                            group.addTask {
                                var local = SeededRandom(seed: plan.seed)
                                for batch in 1...plan.batches {
                                    let scope = provinces[index]
                                    var writes = (1...plan.size).map { Domain.nomination("\(scope)-r\(round)-b\(batch)-\($0)", scope: scope) }
                                    if batch > 1 {   // and update one record of the previous batch
                                        writes.append(Domain.update("\(scope)-r\(round)-b\(batch - 1)-1", ["achievements": .text("cập nhật \(batch)")]))
                                    }
                                    try writer.write(writes)
                                    let report = try await two.session(writer, via: Int(local.below(2))).sync()
                                    guard report.rejected.isEmpty else { throw PostgresFailed(command: "push", output: "\(report.rejected)") }
                                    try await Task.sleep(for: .milliseconds(Int(local.below(30))))
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                }
                // Readers pull while the writers push, then drain once they are done.
                try await withThrowingTaskGroup(of: (Int, Int64, [RecordKey: VersionVector]).self) { group in
                    for (index, reader) in readers.enumerated() {
                        let start = cursors[index], seen = received[index], urls = two.urls
                        group.addTask {
                            var local = SeededRandom(seed: pullPlan[index])
                            var cursor = start, seen = seen
                            func pull() async throws -> PullResponse {
                                let transport = HTTPTransport(baseURL: urls[Int(local.below(2))], token: reader.token)
                                let page = try await transport.pull(after: cursor, limit: Int(local.below(40)) + 1, wait: 0)
                                #expect(page.lastSeq >= cursor, "a cursor never goes back")
                                for version in page.versions { seen[version.key] = version.state.vv }
                                cursor = page.lastSeq
                                return page
                            }
                            while !done.isSet { _ = try await pull() }
                            while try await pull().hasMore {}
                            _ = try await pull()   // the head, once more, after every writer returned
                            return (index, cursor, seen)
                        }
                    }
                    try await writing.value
                    for try await (index, cursor, seen) in group {
                        cursors[index] = cursor
                        received[index] = seen
                    }
                }
                // Every record's final version reached every reader.
                let written = try writers.flatMap { try $0.records(in: "nominations").map(\.version) }
                for (index, reader) in readers.enumerated() {
                    let missed = written.filter { received[index][$0.key] != $0.state.vv }
                    #expect(missed.isEmpty, """
                        round \(round) (TDSYNC_MULTI_SEED=\(seed)): \(missed.count) of \(written.count) changes never reached \(reader.node), \
                        e.g. \(missed.prefix(3).map { "\($0.key) at \($0.state.vv)" })
                        """)
                }
            }
            let head = try await two.hub.store.latestSeq()
            #expect(cursors.allSatisfy { $0 == head }, "every reader ends at the head \(head): \(cursors)")
        }
    }
}

/// Set once, read from any task.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
