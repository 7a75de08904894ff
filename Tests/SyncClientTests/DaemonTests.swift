import Foundation
import Logging
import Testing
import SyncClient
import Commendation
import SyncCore

/// The sync daemon against a real hub, including a hub restart.
@Suite(.serialized) struct DaemonTests {
    /// Waits until `condition` holds, up to `timeout`.
    func eventually(_ timeout: Duration, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }

    @Test(arguments: HubBackend.all) func daemonDeliversBothWaysAndSurvivesAHubRestart(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            var logger = Logger(label: "test.daemon")
            logger.logLevel = .critical
            var daemon = SyncDaemon(session: try hub.session(board), logger: logger)
            daemon.pollWait = 5
            daemon.backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1))
            let running = Task { await daemon.run() }

            try hn.write(Domain.nomination("before-restart", scope: "hn"))
            _ = try await hub.session(hn).sync()
            #expect(try await eventually(.seconds(10)) { try board.record(RecordKey(collection: "nominations", id: "before-restart")) != nil })

            // A local write at the board is pushed by the daemon without a sync command.
            try board.write(Domain.update("before-restart", ["board_status": .text("under_review")]))
            #expect(try await eventually(.seconds(10)) { try board.syncState().outboxSize == 0 })

            try await hub.restart(downtime: .seconds(2))
            try hn.write(Domain.nomination("after-restart", scope: "hn"))
            _ = try await hub.session(hn).sync()
            #expect(try await eventually(.seconds(15)) { try board.record(RecordKey(collection: "nominations", id: "after-restart")) != nil },
                    "the daemon reconnected after the hub came back")
            _ = try await hub.session(hn).sync()
            let seen = try #require(try hn.record(RecordKey(collection: "nominations", id: "before-restart")))
            #expect(hn.visibleValues(of: seen.version)["board_status"] == .text("under_review"))

            let stopping = ContinuousClock.now
            running.cancel()
            await running.value
            #expect(ContinuousClock.now - stopping < .seconds(10), "the daemon stops promptly when cancelled")
        }
    }
}
