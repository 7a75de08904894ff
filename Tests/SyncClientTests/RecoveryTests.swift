import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// Nothing is lost when the hub goes back in time or refuses a change for a while.
@Suite(.serialized) struct RecoveryTests {
    @Test func aHubRestoredFromAnOlderBackupGetsEverythingBack() async throws {
        try await HubFixture.with() { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write((1...5).map { Domain.nomination("n\($0)", scope: "hn") })
            for replica in [hn, board] { _ = try await hub.session(replica).sync() }
            let backup = hub.directory.appendingPathComponent("backup")
            try hub.sqliteStore.backup(to: backup.path)

            try hn.write((6...10).map { Domain.nomination("n\($0)", scope: "hn") })
            for replica in [hn, board] { _ = try await hub.session(replica).sync() }
            try board.write(Domain.update("n7", ["board_status": .text("approved")]))
            _ = try await hub.session(board).sync()
            try await hub.restart(downtime: .milliseconds(100), restoring: backup)   // n6…n10 and the approval are gone
            try await hub.store.renewEpoch()                                               // as `tdsync hub restore` does

            // The province pushes new work first, moving the hub's log past the board's old cursor.
            try hn.write((11...30).map { Domain.nomination("n\($0)", scope: "hn") })
            for replica in [hn, board, hn] { _ = try await hub.session(replica).sync() }
            #expect(try hn.records(in: "nominations").count == 30)
            #expect(try hn.rejections().isEmpty, "the province re-pushed only what it may write")
            #expect(try board.rejections().isEmpty)
            #expect(try Domain.export(hn, scope: "hn") == Domain.export(board, scope: "hn"))
            let fresh = try await hub.node("hn-audit", role: .reader, scopes: ["hn"])
            _ = try await hub.session(fresh).sync()
            #expect(try fresh.records(in: "nominations").count == 30, "the restored hub has every record again")
            let n7 = try #require(try fresh.record(RecordKey(collection: "nominations", id: "n7")))
            #expect(fresh.visibleValues(of: n7.version)["board_status"] == .text("approved"))
        }
    }

    @Test(arguments: HubBackend.all) func aRefusedChangeStaysInTheOutboxAndGoesThroughOnceItsCauseHasPassed(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write(Domain.nomination("n1", scope: "hn"))
            // The board gets the record by file, before its author has synced, and edits it.
            _ = try board.apply(try hn.changes(after: 0).versions)
            try board.write(Domain.update("n1", ["board_status": .text("received")]))
            let first = try await hub.session(board).sync()
            #expect(first.rejected.map(\.key.id) == ["n1"])
            #expect(try board.syncState().outboxSize == 1, "a refused change is not dropped")
            #expect(try board.rejections().first?.code == "foreign_dot")
            _ = try await hub.session(hn).sync()          // the author pushes its own write
            let second = try await hub.session(board).sync()
            #expect(second.rejected.isEmpty)
            #expect(try board.syncState().outboxSize == 0)
            #expect(try board.rejections().isEmpty)
            _ = try await hub.session(hn).sync()
            let seen = try #require(try hn.record(RecordKey(collection: "nominations", id: "n1")))
            #expect(hn.visibleValues(of: seen.version)["board_status"] == .text("received"))
        }
    }
}
