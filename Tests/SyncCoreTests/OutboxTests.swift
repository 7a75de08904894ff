import Foundation
import Testing
import TestSupport
@testable import SyncCore

/// The outbox: what leaves it, what stays, and what a restored hub gets back.
@Suite struct OutboxTests {
    @Test func permanentRefusalsLeaveTheOutboxRetryableOnesStay() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write([Fixtures.createNote("a"), Fixtures.createNote("b"), Fixtures.createNote("c")])
        let entries = try replica.outbox(limit: 10)
        #expect(entries.map(\.version.key.id) == ["a", "b", "c"])
        try replica.acknowledge(entries, results: [
            ApplyResult(key: entries[0].version.key, outcome: .applied),
            ApplyResult(key: entries[1].version.key, outcome: .rejected(code: "scope_violation", message: "no")),
            ApplyResult(key: entries[2].version.key, outcome: .rejected(code: "foreign_dot", message: "later")),
        ])
        #expect(try replica.outbox(limit: 10).map(\.version.key.id) == ["c"])
        #expect(try replica.rejections().map(\.key.id) == ["b", "c"])
        #expect(try replica.record(Fixtures.noteKey("b")) != nil, "a refused write stays in the replica")
        #expect(try replica.outbox(after: entries[2].seq, limit: 10).isEmpty)
        try replica.resetForRestoredHub()
        #expect(try replica.outbox(limit: 10).map(\.version.key.id) == ["a", "b", "c"], "region records go back, the reference data does not")
        #expect(try replica.syncState().pullCursor == 0)
    }
}

/// Versions spliced from storage read back exactly as the decoded change log.
@Suite struct EncodedFeedTests {
    @Test func splicedVersionsDecodeToTheChangeLog() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write((0..<30).map { Fixtures.createNote("n\($0)", title: "Nguyễn Thị \"Đào\" \\ \($0)\n") })
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

/// A hub's pages leave out a node's own pushes and other scopes, and cross a long run of them in
/// bounded steps without reading any row twice.
@Suite struct FeedWindowTests {
    @Test func ownPushesAndOtherScopesAreCrossedInBoundedWindows() throws {
        let dir = try TemporaryDirectory()
        let hub = try Fixtures.makeReplica(dir, "hub", role: .board, scopes: [])
        let hn = try Fixtures.makeReplica(dir, "hn")
        let dn = try Fixtures.makeReplica(dir, "dn", scopes: ["south"])
        try hn.write((0..<40).map { Fixtures.createNote("hn-\($0)") })
        try dn.write((0..<9).map { Fixtures.createNote("dn-\($0)", scope: "south") })
        func notes(_ replica: Replica) throws -> [RecordVersion] {
            try replica.changes(after: 0).versions.filter { $0.key.collection == "notes" }
        }
        let hnVersions = try notes(hn), dnVersions = try notes(dn)
        let catalog = try hub.changes(after: 0).versions.map(\.key.id)   // seeded labels, national: everybody gets them
        #expect(!catalog.isEmpty)
        // Interleave: 4 of the north's pushes, then one of the south's, …
        for (i, version) in hnVersions.enumerated() {
            _ = try hub.apply([version], outbox: false, origin: NodeID("hn"))
            if i % 4 == 3, i / 4 < dnVersions.count { _ = try hub.apply([dnVersions[i / 4]], outbox: false, origin: NodeID("dn")) }
        }
        let head = try hub.nodeState().lastSeq
        #expect(head == Int64(catalog.count + 49))

        func walk(scopes: Set<String>?, window: Int64) throws -> (ids: [String], pages: Int) {
            var cursor: Int64 = 0, ids: [String] = [], pages = 0
            while true {
                let page = try hub.encodedChanges(after: cursor, scopes: scopes, limit: 3, skippingOrigin: NodeID("hn"), scanWindow: window)
                #expect(page.lastSeq > cursor || (page.lastSeq == head && !page.hasMore), "a page always moves the cursor until the end")
                #expect(page.lastSeq - cursor <= window, "a page scans at most its window")
                #expect(page.seqs.allSatisfy { $0 > cursor && $0 <= page.lastSeq })
                ids += page.keys.map(\.id)
                cursor = page.lastSeq
                pages += 1
                if !page.hasMore { break }
            }
            #expect(cursor == head)
            return (ids, pages)
        }
        let everyScope = try walk(scopes: nil, window: 8)
        #expect(everyScope.ids == catalog + dnVersions.map(\.key.id), "the labels and the south's records, in log order, each once")
        #expect(everyScope.pages >= Int(head / 8), "windows of 8 sequences")
        let hanoiOnly = try walk(scopes: ["north"], window: 8)
        #expect(hanoiOnly.ids == catalog, "the north's own pushes are left out and the south is not its scope")
        let wide = try walk(scopes: nil, window: Replica.pageScanWindow)
        #expect(wide.ids == everyScope.ids)
        #expect(wide.pages == (catalog.count + 9 + 2) / 3, "full pages of 3 versions")
    }
}
