import Foundation
import Logging
import Testing
import SyncClient
import Commendation
import SyncCore

/// Load: the 34 provinces and the board, each with its own replica file and `SyncDaemon`, syncing
/// continuously with a real hub — `tdsync serve` in its own process, as deployed — while every
/// province keeps writing. No daemon may log a failure, the board must keep receiving (no stall),
/// the hub's memory must stay flat, and everything must converge at the end.
/// `TDSYNC_LOAD_SECONDS` sets the duration (default 30; the long mode is 600).
@Suite(.serialized) struct LoadTests {
    /// Resident memory of a process, from /proc (kB → MB).
    static func residentMB(_ pid: String = "self") -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    static func nomination(_ id: String, scope: String, round: Int) -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope), values: [
            "nominee_name": .text("Lê Hoàng Phúc \(round)"), "nominee_kind": .text("individual"), "title_code": .text("CSTDCS"),
            "year": .integer(2025), "status": .text("submitted"),
        ])
    }

    @Test func thirtyFiveNodesSyncContinuously() async throws {
        let seconds = Int(ProcessInfo.processInfo.environment["TDSYNC_LOAD_SECONDS"] ?? "") ?? 30
        let box = try Sandbox()
        defer { box.remove() }
        let hub = try HubProcess(sandbox: box)
        defer { hub.stop() }
        let hubPID = String(hub.process.processIdentifier)
        let codes = ReferenceData.provinces.map(\.code)
        func replica(_ id: String, role: Role, scopes: [String]) throws -> Replica {
            let token = try hub.addNode(id, role: role.rawValue, scopes: scopes)
            let replica = try Replica.create(at: box.path("\(id).sqlite"), schema: .commendation, node: NodeID(id), role: role, scopes: scopes, durability: .normal)
            try replica.configureHub(url: hub.url, token: token)
            return replica
        }
        let provinces = try codes.map { try replica("\($0)-office", role: .province, scopes: [$0]) }
        let board = try replica("board", role: .board, scopes: [])
        let failures = FailureCount()
        var daemons: [Task<Void, Never>] = []
        for replica in provinces + [board] {
            var daemon = SyncDaemon(session: try SyncSession(replica: replica), logger: Logger(label: "load") { _ in failures })
            daemon.pollWait = 5
            daemon.outboxCheckInterval = .milliseconds(100)
            daemons.append(Task { await daemon.run() })
        }

        let start = ContinuousClock.now, end = start + .seconds(seconds)
        var written = 0, round = 0, longestStall = 0.0, lastCount = 0, lastGrowth = start
        var hubMemory: [Double] = [], clientMemory: [Double] = []
        var nextSample = start + .seconds(5)
        while ContinuousClock.now < end {
            for (i, replica) in provinces.enumerated() {
                try replica.write((0..<5).map { Self.nomination("\(codes[i])-\(round)-\($0)", scope: codes[i], round: round) })
            }
            written += provinces.count * 5
            round += 1
            try await Task.sleep(for: .seconds(1))
            let count = try board.records(in: "nominations").count
            if count > lastCount { lastCount = count; lastGrowth = .now }
            longestStall = max(longestStall, (ContinuousClock.now - lastGrowth) / .seconds(1))
            if ContinuousClock.now >= nextSample {
                hubMemory.append(Self.residentMB(hubPID))
                clientMemory.append(Self.residentMB())
                nextSample = nextSample + .seconds(5)
            }
        }
        // Writing stops; the daemons must bring every replica up to date.
        let deadline = ContinuousClock.now + .seconds(60)
        while try board.records(in: "nominations").count < written && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .seconds(2))
        for daemon in daemons { daemon.cancel() }
        for daemon in daemons { await daemon.value }

        let atBoard = try board.records(in: "nominations")
        #expect(atBoard.count == written, "the board holds \(atBoard.count) of \(written) nominations")
        for (i, replica) in provinces.enumerated() {
            let held = try replica.records(in: "nominations")
            #expect(held.count == round * 5, "\(codes[i]) holds \(held.count) of its \(round * 5)")
            #expect(try replica.syncState().outboxSize == 0)
        }
        #expect(failures.count == 0, "no daemon logged a failed sync (\(failures.count) did: \(failures.firstFew))")
        // Run alone (the long mode) the board must never wait 10 s. In the whole suite other tests
        // share this process's two cooperative threads and the machine's two cores, and can hold
        // the daemons back for a while: there only a stall of 45 s or more counts.
        let stallLimit: Double = ProcessInfo.processInfo.environment["TDSYNC_LOAD_SECONDS"] == nil ? 45 : 10
        #expect(longestStall < stallLimit, "the board never went \(Int(stallLimit)) s without receiving (longest: \(longestStall) s)")
        // The hub's memory, once its caches have filled (the first third), stays flat. The test
        // process holds 35 replicas, each with its own SQLite page caches, so its memory grows with
        // their files up to those caches' bounds: reported, not checked.
        let settled = hubMemory.dropFirst(hubMemory.count / 3)
        if let low = settled.min(), let high = settled.max() {
            #expect(high <= low * 1.25 + 20, "the hub's memory stays flat once warm: \(hubMemory.map { Int($0) }) MB")
        }
        print("load: 35 nodes, \(seconds) s, \(written) nominations, \(failures.count) failures, longest stall \(String(format: "%.1f", longestStall)) s, "
              + "hub RSS every 5 s \(hubMemory.map { Int($0) }) MB; client process \(clientMemory.first.map { Int($0) } ?? 0) → \(clientMemory.last.map { Int($0) } ?? 0) MB")
    }
}

/// Counts the daemons' warnings and errors ("sync failed; retrying").
final class FailureCount: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var failures = 0
    private var examples: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .warning

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    var count: Int { lock.withLock { failures } }
    /// The first few failures, for the report.
    var firstFew: [String] { lock.withLock { examples } }

    func log(event: LogEvent) {
        lock.withLock {
            failures += 1
            if examples.count < 5 { examples.append("\(event.message) \(event.metadata ?? [:])") }
        }
    }
}
