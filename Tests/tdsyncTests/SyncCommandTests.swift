import Foundation
import Testing

/// The built binary against a real `tdsync serve` process, as a user drives them.
@Suite(.serialized) struct SyncCommandTests {
    @Test func provinceAndBoardSyncThroughAServedHub() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let hub = try HubProcess(sandbox: sandbox)
        defer { hub.stop() }
        let boardToken = try hub.addNode("board", role: "board")
        let hnToken = try hub.addNode("hn-office", role: "province", scopes: ["hn"])
        let board = sandbox.path("board.sqlite"), hn = sandbox.path("hn.sqlite")
        #expect(try runOK(["init", "--db", board, "--node", "board", "--hub", hub.url, "--token", boardToken]).contains("board (board"))
        #expect(try runOK(["init", "--db", hn, "--node", "hn-office", "--hub", hub.url, "--token", hnToken]).contains("scopes: hn"))

        try runOK(["nomination", "add", "--db", hn, "--id", "hn-1", "--nominee", "Nguyễn Văn An", "--kind", "individual", "--year", "2025", "--title", "CSTDCS"])
        let status = try runOK(["status", "--db", hn, "--json"])
        #expect(status.contains("\"outbox\" : 2"))   // the nomination and its history's first step
        #expect(try runOK(["sync", "--db", hn, "--compression", "gzip"]).contains("pushed 2 (0 rejected)"))
        #expect(try runOK(["sync", "--db", board, "--compression", "none"]).contains("2 changed this replica"))
        try runOK(["nomination", "edit", "hn-1", "--db", board, "--board-status", "approved", "--decision-number", "12/QĐ-BCT"])
        try runOK(["nomination", "edit", "hn-1", "--db", hn, "--achievements", "Sáng kiến cấp tỉnh"])
        try runOK(["nomination", "edit", "hn-1", "--db", board, "--achievements", "Đã thẩm định"])
        try runOK(["sync", "--db", board])
        #expect(try runOK(["sync", "--db", hn]).contains("with conflicts"))
        try runOK(["sync", "--db", board])
        #expect(try runOK(["conflicts", "--db", board]).contains("achievements"))
        try runOK(["resolve", "--db", hn, "--id", "hn-1", "--field", "achievements", "--value", "Sáng kiến cấp tỉnh (đã thẩm định)"])
        try runOK(["sync", "--db", hn])
        try runOK(["sync", "--db", board])
        let open = try JSONSerialization.jsonObject(with: Data(try runOK(["conflicts", "--db", board, "--json"]).utf8)) as? [Any]
        #expect(open?.isEmpty == true)
        #expect(try runOK(["export", "--db", hn]) == runOK(["export", "--db", board]))
        #expect(try runOK(["nomination", "show", "hn-1", "--db", hn]).contains("12/QĐ-BCT"))
    }

    @Test func aNodeInitialisedAgainFromTheHubGetsItsOwnEarlierWritesBack() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let hub = try HubProcess(sandbox: sandbox)
        defer { hub.stop() }
        let token = try hub.addNode("hn-office", role: "province", scopes: ["hn"])
        let first = sandbox.path("hn.sqlite"), again = sandbox.path("hn-again.sqlite")
        try runOK(["init", "--db", first, "--node", "hn-office", "--hub", hub.url, "--token", token])
        try runOK(["nomination", "add", "--db", first, "--id", "hn-1", "--nominee", "Nguyễn Văn An", "--kind", "individual", "--year", "2025", "--title", "CSTDCS"])
        #expect(try runOK(["sync", "--db", first]).contains("pushed 2 (0 rejected)"))
        // The laptop is lost: the same node is initialised from nothing (protocol.md §16).
        try runOK(["init", "--db", again, "--node", "hn-office", "--hub", hub.url, "--token", token])
        try runOK(["sync", "--db", again])
        #expect(try runOK(["nomination", "show", "hn-1", "--db", again]).contains("Nguyễn Văn An"), "the node's own pushes come back")
        #expect(try runOK(["export", "--db", again]) == runOK(["export", "--db", first]))
        try runOK(["nomination", "add", "--db", again, "--id", "hn-2", "--nominee", "Trần Thị Bình", "--kind", "individual", "--year", "2025", "--title", "CSTDCS"])
        #expect(try runOK(["sync", "--db", again]).contains("(0 rejected)"), "new writes take counters above the old ones")
    }

    @Test func authAndReachabilityFailuresHaveTheirExitCodes() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let hub = try HubProcess(sandbox: sandbox)
        let token = try hub.addNode("hn-office", role: "province", scopes: ["hn"])
        let wrong = try runTdsync(["init", "--db", sandbox.path("a.sqlite"), "--node", "hn-office", "--hub", hub.url, "--token", "tds1.hn-office.nope"])
        #expect(wrong.exitCode == 8)
        #expect(wrong.stderr.contains("unauthorized"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("a.sqlite")))
        try runOK(["init", "--db", sandbox.path("hn.sqlite"), "--node", "hn-office", "--hub", hub.url, "--token", token])
        let rotated = try runOK(["hub", "rotate-token", "hn-office"] + hub.storage).trimmingCharacters(in: .whitespacesAndNewlines)
        let refused = try runTdsync(["sync", "--db", sandbox.path("hn.sqlite")])
        #expect(refused.exitCode == 8)
        #expect(try runOK(["connect", "--db", sandbox.path("hn.sqlite"), "--hub", hub.url, "--token", rotated]).contains("now syncs with"))
        try runOK(["sync", "--db", sandbox.path("hn.sqlite")])
        #expect(try runTdsync(["hub", "list-nodes", "--data", sandbox.path("no-such-hub")]).exitCode == 6)
        #expect(try runTdsync(["init", "--db", sandbox.path("b.sqlite"), "--node", "x", "--hub", hub.url, "--token", rotated, "--role", "board"]).exitCode == 64)
        hub.stop()
        let down = try runTdsync(["sync", "--db", sandbox.path("hn.sqlite")])
        #expect(down.exitCode == 9)
        #expect(down.stderr.contains("hub_unreachable"))
        #expect(try runOK(["status", "--db", sandbox.path("hn.sqlite")]).contains("last error: hub_unreachable"))
    }
}
