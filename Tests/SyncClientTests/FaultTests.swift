import Foundation
import Logging
import Testing
import SyncClient
import Commendation
import SyncCore

/// Network faults between the nodes and a real hub, through `FaultProxy`: connections dropped
/// mid-request and mid-response, delayed, truncated and reset. Syncs fail while the faults last;
/// once they stop, everything arrives exactly once. `TDSYNC_FAULT_ROUNDS` sets the rounds of the
/// first test (default 12), `TDSYNC_FAULT_SEED` replays a run.
@Suite(.serialized) struct FaultTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["TDSYNC_FAULT_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)

    func session(_ replica: Replica, via proxy: FaultProxy, batch: Int = 40) throws -> SyncSession {
        var session = SyncSession(replica: replica, transport: HTTPTransport(baseURL: proxy.url, token: try #require(try replica.syncState().token)))
        session.batchSize = batch
        return session
    }

    @Test func syncsThroughFaultsDeliverEverythingOnceAfterwards() async throws {
        let rounds = Int(ProcessInfo.processInfo.environment["TDSYNC_FAULT_ROUNDS"] ?? "") ?? 12
        try await HubFixture.with() { hub in
            let proxy = try FaultProxy(target: hub.port, seed: Self.seed)
            defer { proxy.close() }
            let provinces = ["hn": try await hub.node("hn-office", role: .province, scopes: ["hn"]),
                             "dn": try await hub.node("dn-office", role: .province, scopes: ["dn"])]
            let board = try await hub.node("board", role: .board)
            let nodes = Array(provinces.values) + [board]
            var written: [String: String] = [:]  // id → scope
            var failures = 0
            proxy.setFaults(true)
            for round in 0..<rounds {
                for (code, replica) in provinces {
                    let ids = (0..<30).map { "\(code)-\(round)-\($0)" }
                    try replica.write(ids.map { Domain.nomination($0, scope: code, name: "Trần Thị Ánh \($0)") })
                    for id in ids { written[id] = code }
                }
                if let held = try board.records(in: "nominations").last {  // the board edits what it has received
                    try board.write([Domain.update(held.version.key.id, ["board_status": .text("received"), "board_reason": .text("vòng \(round)")])])
                }
                for replica in nodes {
                    do { _ = try await session(replica, via: proxy).sync() } catch { failures += 1 }
                }
            }
            proxy.setFaults(false)
            try await Task.sleep(for: .milliseconds(1_200))  // a delayed connection lives up to 1 s
            for _ in 0..<3 {
                for replica in nodes { _ = try await session(replica, via: proxy).sync() }
            }

            let injected = proxy.injected
            #expect(failures > 0, "faults made some syncs fail (seed \(Self.seed))")
            #expect(Set(injected.keys).count >= 4, "most kinds of fault were injected: \(injected)")
            let atBoard = try board.records(in: "nominations")
            #expect(atBoard.count == written.count, "the board holds \(atBoard.count) of \(written.count) nominations (seed \(Self.seed))")
            #expect(Set(atBoard.map(\.version.key.id)) == Set(written.keys))
            for (code, replica) in provinces {
                let held = try replica.records(in: "nominations")
                #expect(Set(held.map(\.version.key.id)) == Set(written.filter { $0.value == code }.keys), "\(code) holds exactly its own")
                for record in held {
                    #expect(try board.record(record.version.key)?.version == record.version, "\(record.version.key) agrees with the board")
                }
                #expect(try replica.syncState().outboxSize == 0)
            }
            #expect(try board.syncState().outboxSize == 0)
            print("faults: seed \(Self.seed), \(rounds) rounds, \(written.count) nominations, \(failures) failed syncs, connections \(injected.sorted { $0.key.rawValue < $1.key.rawValue })")
        }
    }

    @Test func daemonBacksOffThroughFaultsAndRecovers() async throws {
        try await HubFixture.with() { hub in
            let proxy = try FaultProxy(target: hub.port, seed: Self.seed &+ 1)
            defer { proxy.close() }
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            let log = LogCapture()
            var daemon = SyncDaemon(session: try session(board, via: proxy), logger: Logger(label: "test.daemon") { _ in log })
            daemon.pollWait = 1
            daemon.backoff = Backoff(initial: .milliseconds(50), maximum: .milliseconds(400))
            proxy.setFaults(true)
            let running = Task { await daemon.run() }
            // Faults for about 5 s: enough failures in a row for the delay to grow, even on a busy
            // machine and with a closed keep-alive connection resent once by the transport.
            for i in 0..<25 {
                try hn.write([Domain.nomination("hn-d\(i)", scope: "hn")])
                _ = try await hub.session(hn).sync()
                try await Task.sleep(for: .milliseconds(200))
            }
            proxy.setFaults(false)
            let deadline = ContinuousClock.now + .seconds(15)
            while try board.records(in: "nominations").count < 25 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            running.cancel()
            await running.value
            #expect(try board.records(in: "nominations").count == 25, "the daemon delivered every record once the faults stopped (seed \(Self.seed &+ 1))")
            let delays = log.retryDelays
            #expect(!delays.isEmpty, "the daemon met failures and backed off")
            #expect(delays.allSatisfy { $0 <= 0.4 + 1e-6 }, "no retry waits beyond the 400 ms cap: \(delays)")
            #expect(delays.contains { $0 > 0.05 }, "the delay grows past the first one's 50 ms after repeated failures: \(delays)")
        }
    }
}

/// Keeps the daemon's log lines, to read its retry delays.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var delays: [Double] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The `in` of every "sync failed; retrying", in seconds.
    var retryDelays: [Double] { lock.withLock { delays } }

    func log(event: LogEvent) {
        guard event.message.description.hasPrefix("sync failed"), case .string(let text)? = event.metadata?["in"] else { return }
        if let seconds = Double(text.split(separator: " ").first ?? "") { lock.withLock { delays.append(seconds) } }
    }
}
