import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// The hub leaves a node's own pushes out of its pulls, except when the node must get them back.
@Suite struct EchoTests {
    @Test(arguments: HubBackend.all) func aNodeDoesNotPullBackWhatItPushed(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            for replica in [hn, board] { _ = try await hub.session(replica).sync() }
            try hn.write((1...20).map { Domain.nomination("n\($0)", scope: "hn") })
            let pushed = try await hub.session(hn).sync()
            #expect(pushed.pushed.applied == 20)
            #expect(pushed.pulled.total == 0, "the province's own versions are not sent back to it")
            #expect(try await hn.syncState().pullCursor == hub.store.latestSeq(), "its cursor still moves past them")
            let pulled = try await hub.session(board).sync()
            #expect(pulled.pulled.applied == 20)
        }
    }

    @Test(arguments: HubBackend.all) func aPushMergedWithSomethingNewerComesBack(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write(Domain.nomination("n1", scope: "hn"))
            for replica in [hn, board] { _ = try await hub.session(replica).sync() }
            // Concurrent edits of different fields: the hub's merge is neither side's version.
            try board.write(Domain.update("n1", ["board_status": .text("received")]))
            try hn.write(Domain.update("n1", ["achievements": .text("Sáng kiến cấp tỉnh")]))
            _ = try await hub.session(board).sync()
            let report = try await hub.session(hn).sync()
            #expect(report.pulled.applied == 1, "the merged state is new to the province")
            let n1 = try #require(try hn.record(RecordKey(collection: "nominations", id: "n1")))
            #expect(hn.visibleValues(of: n1.version)["board_status"] == .text("received"))
            #expect(hn.visibleValues(of: n1.version)["achievements"] == .text("Sáng kiến cấp tỉnh"))
        }
    }

    @Test(arguments: HubBackend.all) func aNodeRestoredFromAnOlderCopyGetsItsOwnPushesBack(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try hn.write((1...5).map { Domain.nomination("n\($0)", scope: "hn") })
            _ = try await hub.session(hn).sync()
            let copy = hub.directory.appendingPathComponent("hn-backup.sqlite").path
            try hn.backup(to: copy)
            try hn.write((6...10).map { Domain.nomination("n\($0)", scope: "hn") })
            _ = try await hub.session(hn).sync()
            try await hn.close()

            // The laptop dies; the office restores last week's copy. n6…n10 exist only at the hub.
            let restored = try Replica.open(at: copy, schema: .commendation)
            let report = try await hub.session(restored).sync()
            #expect(report.pulled.applied == 5)
            #expect(try restored.records(in: "nominations").count == 10)
            #expect(try restored.syncState().echoUntil > 0)
            try restored.write(Domain.nomination("n11", scope: "hn"))
            let next = try await hub.session(restored).sync()
            #expect(next.rejected.isEmpty, "the restored node issues counters above the ones it lost")
        }
    }
}
