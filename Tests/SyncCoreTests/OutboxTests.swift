import Foundation
import Testing
@testable import SyncCore

/// The outbox: what leaves it, what stays, and what a restored hub gets back.
@Suite struct OutboxTests {
    @Test func permanentRefusalsLeaveTheOutboxRetryableOnesStay() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write([Fixtures.createNomination("a"), Fixtures.createNomination("b"), Fixtures.createNomination("c")])
        let entries = try replica.outbox(limit: 10)
        #expect(entries.map(\.version.key.id) == ["a", "b", "c"])
        try replica.acknowledge(entries, results: [
            ApplyResult(key: entries[0].version.key, outcome: .applied),
            ApplyResult(key: entries[1].version.key, outcome: .rejected(code: "scope_violation", message: "no")),
            ApplyResult(key: entries[2].version.key, outcome: .rejected(code: "foreign_dot", message: "later")),
        ])
        #expect(try replica.outbox(limit: 10).map(\.version.key.id) == ["c"])
        #expect(try replica.rejections().map(\.key.id) == ["b", "c"])
        #expect(try replica.record(Fixtures.nominationKey("b")) != nil, "a refused write stays in the replica")
        #expect(try replica.outbox(after: entries[2].seq, limit: 10).isEmpty)
        try replica.resetForRestoredHub()
        #expect(try replica.outbox(limit: 10).map(\.version.key.id) == ["a", "b", "c"], "province records go back, the catalog does not")
        #expect(try replica.syncState().pullCursor == 0)
    }
}
