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

/// Versions spliced from storage read back exactly as the decoded change log.
@Suite struct EncodedFeedTests {
    @Test func splicedVersionsDecodeToTheChangeLog() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write((0..<30).map { Fixtures.createNomination("n\($0)", name: "Nguyễn Thị \"Đào\" \\ \($0)\n") })
        var cursor: Int64 = 0
        var pages = 0
        while true {
            let decoded = try replica.changes(after: cursor, limit: 7)
            let encoded = try replica.encodedChanges(after: cursor, scopes: nil, limit: 7)
            let body = encoded.pullBody
            let page = try WireMessages.decodePull(body)
            #expect(page.versions.map { replica.schema.typed($0.state, collection: $0.key.collection) } == decoded.versions.map(\.state))
            #expect(page.versions.map(\.key) == decoded.versions.map(\.key))
            #expect(encoded.keys == decoded.versions.map(\.key))
            #expect(page.lastSeq == decoded.lastSeq && page.hasMore == decoded.hasMore)
            cursor = page.lastSeq
            pages += 1
            if !page.hasMore { break }
        }
        #expect(pages > 4)
        let outbox = try replica.encodedOutbox(limit: 100)
        #expect(outbox.count == 30)
        let pushed = try WireMessages.decodePush(outbox.pushBody).map { try $0.get().key }
        #expect(pushed == outbox.keys)
    }
}
