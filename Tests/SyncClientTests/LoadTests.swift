import Foundation
import Logging
import Testing
import SyncClient
import SyncCore

/// Load: the 34 provinces and the board, each with its own replica file and `SyncDaemon`, syncing
/// continuously with a real hub on loopback while every province keeps writing. No daemon may log
/// a failure, the board must keep receiving (no stall), memory must stay flat, and everything must
/// converge at the end. `TDSYNC_LOAD_SECONDS` sets the duration (default 30; the long mode is 600).
@Suite(.serialized) struct LoadTests {
    /// Resident memory of this process, from /proc (kB → MB).
    static func residentMB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    @Test func thirtyFiveNodesSyncContinuously() async throws {
        let seconds = Int(ProcessInfo.processInfo.environment["TDSYNC_LOAD_SECONDS"] ?? "") ?? 30
        let hub = try await HubFixture.start()
        let codes = ReferenceData.provinces.map(\.code)
        let provinces = try codes.map { try hub.node("\($0)-office", role: .province, scopes: [$0]) }
        let board = try hub.node("board", role: .board)
        let failures = FailureCount()
        var daemons: [Task<Void, Never>] = []
        for replica in provinces + [board] {
            var daemon = SyncDaemon(session: try hub.session(replica), logger: Logger(label: "load") { _ in failures })
            daemon.pollWait = 5
            daemon.outboxCheckInterval = .milliseconds(100)
            daemons.append(Task { await daemon.run() })
        }

        let start = ContinuousClock.now, end = start + .seconds(seconds)
        var written = 0, round = 0, longestStall = 0.0, lastCount = 0, lastGrowth = start
        var memory: [Double] = []
        while ContinuousClock.now < end {
            for (i, replica) in provinces.enumerated() {
                try replica.write((0..<5).map { Domain.nomination("\(codes[i])-\(round)-\($0)", scope: codes[i], name: "Lê Hoàng Phúc \(round)") })
            }
            written += provinces.count * 5
            round += 1
            try await Task.sleep(for: .seconds(1))
            let count = try board.records(in: "nominations").count
            if count > lastCount { lastCount = count; lastGrowth = .now }
            longestStall = max(longestStall, (ContinuousClock.now - lastGrowth) / .seconds(1))
            if round % 5 == 0 { memory.append(Self.residentMB()) }
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
        #expect(longestStall < 10, "the board never went 10 s without receiving (longest: \(longestStall) s)")
        let settled = memory.dropFirst(memory.count / 3)  // after the caches have filled
        if let low = settled.min(), let high = settled.max() {
            #expect(high <= low * 1.5 + 50, "memory stays flat once warm: \(memory.map { Int($0) }) MB")
        }
        print("load: 35 nodes, \(seconds) s, \(written) nominations, \(failures.count) failures, longest stall \(String(format: "%.1f", longestStall)) s, "
              + "RSS every 5 s \(memory.map { Int($0) }) MB")
        await hub.stop()
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
