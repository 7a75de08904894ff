import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// Nodes syncing through a real hub on loopback, replicas on disk.
@Suite(.serialized) struct HubSyncTests {
    @Test(arguments: HubBackend.all) func threeNodesEditOfflineAndConverge(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let pt = try await hub.node("pt-office", role: .province, scopes: ["pt"])
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try pt.write((1...30).map { Domain.nomination("pt-\($0)", scope: "pt", name: "Hà Văn \($0)") })
            try hn.write((1...20).map { Domain.nomination("hn-\($0)", scope: "hn", name: "Đỗ Thị \($0)") })
            try board.write(Domain.nomination("pt-board-1", scope: "pt", name: "Bùi Văn Bảy"))
            for order in [[hn, board, pt], [pt, hn, board], [board, pt, hn]] {
                for replica in order { _ = try await hub.session(replica).sync() }
            }
            try board.write(Domain.update("pt-3", ["board_status": .text("approved"), "decision_number": .text("7/QĐ-BCT")]))
            try hn.write(Domain.update("hn-2", ["achievements": .text("Sáng kiến cấp tỉnh")]))
            for replica in [board, hn, pt, board, pt, hn] { _ = try await hub.session(replica).sync() }

            #expect(try Domain.export(pt, scope: "pt") == Domain.export(board, scope: "pt"))
            #expect(try Domain.export(hn, scope: "hn") == Domain.export(board, scope: "hn"))
            #expect(try pt.records(in: "nominations").count == 31)
            #expect(try pt.records(in: "nominations").allSatisfy { $0.version.scope == "pt" })
            #expect(try board.records(in: "nominations").count == 51)
            #expect(try pt.syncState().outboxSize == 0)
            let decided = try #require(try pt.record(RecordKey(collection: "nominations", id: "pt-3")))
            #expect(pt.visibleValues(of: decided.version)["board_status"] == .text("approved"))
        }
    }

    @Test(arguments: HubBackend.all) func concurrentEditIsAConflictEverywhereAndOneResolutionClosesIt(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try hn.write(Domain.nomination("n1", scope: "hn"))
            _ = try await hub.session(hn).sync()
            _ = try await hub.session(board).sync()
            try hn.write(Domain.update("n1", ["achievements": .text("Hoàn thành xuất sắc")]))
            try board.write(Domain.update("n1", ["achievements": .text("Cần bổ sung minh chứng")]))
            _ = try await hub.session(hn).sync()
            let boardReport = try await hub.session(board).sync()
            #expect(boardReport.rejected.isEmpty)
            _ = try await hub.session(hn).sync()
            for replica in [hn, board] {
                let conflict = try #require(try replica.conflicts().first)
                #expect(conflict.field == "achievements")
                #expect(conflict.siblings.count == 2)
                #expect(conflict.winner.value == .text("Hoàn thành xuất sắc"), "the province owns achievements")
            }
            try board.resolve(RecordKey(collection: "nominations", id: "n1"), field: "achievements", with: .text("Hoàn thành xuất sắc (đã bổ sung)"))
            _ = try await hub.session(board).sync()
            _ = try await hub.session(hn).sync()
            #expect(try hn.conflicts().isEmpty)
            #expect(try board.conflicts().isEmpty)
            #expect(try Domain.export(hn, scope: "hn") == Domain.export(board, scope: "hn"))
        }
    }

    @Test(arguments: HubBackend.all) func retriedPushDuplicatesNothing(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            try hn.write((1...10).map { Domain.nomination("n\($0)", scope: "hn") })
            let batch = try hn.outbox(limit: 100).map(\.version)
            let transport = hub.transport(token: token)
            let first = try await transport.push(batch)
            let again = try await transport.push(batch)   // as if the first answer was lost
            #expect(first.results.allSatisfy { $0.outcome == .applied })
            #expect(again.results.allSatisfy { $0.outcome == .alreadyKnown })
            #expect(again.hubSeq == first.hubSeq)
            _ = try await hub.session(hn).sync()
            #expect(try hn.records(in: "nominations").count == 10)
            #expect(try hn.syncState().outboxSize == 0)
        }
    }

    @Test(arguments: HubBackend.all) func longPollWakesOnAnotherNodesChange(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            _ = try await hub.session(board).sync()
            let boardSession = try hub.session(board)
            let started = ContinuousClock.now
            async let received: SyncReport = {
                var report = SyncReport()
                try await boardSession.pullToEnd(wait: 20, into: &report)
                return report
            }()
            try await Task.sleep(for: .milliseconds(300))
            try hn.write(Domain.nomination("live-1", scope: "hn"))
            _ = try await hub.session(hn).sync()
            let report = try await received
            let elapsed = ContinuousClock.now - started
            #expect(report.pulled.total == 1 && report.pulled.applied == 1)
            #expect(elapsed < .seconds(10), "the pull returned when the change landed, not at the timeout")
            #expect(try board.record(RecordKey(collection: "nominations", id: "live-1")) != nil)
        }
    }

    @Test(arguments: HubBackend.all) func restoredNodeContinuesAboveItsHighestCounter(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try hn.write((1...5).map { Domain.nomination("n\($0)", scope: "hn") })
            _ = try await hub.session(hn).sync()
            let token = try #require(try hn.syncState().token)
            let reinstalled = try Replica.create(at: hub.directory.appendingPathComponent("hn-new.sqlite").path, schema: .commendation, node: NodeID("hn-office"),
                                                 role: .province, scopes: ["hn"], durability: .normal)
            try reinstalled.configureHub(url: hub.url.absoluteString, token: token)
            try await hub.session(reinstalled).handshake()
            await #expect(try reinstalled.nodeState().counter >= 5)
            try reinstalled.write(Domain.nomination("n6", scope: "hn"))
            let report = try await hub.session(reinstalled).sync()
            #expect(report.rejected.isEmpty)
            #expect(try reinstalled.records(in: "nominations").count == 6)
        }
    }
}
