import Foundation
import PostgresTestSupport
import Testing

/// The built binary with its hub on PostgreSQL: two `tdsync serve --database` processes over one
/// database, nodes registered with `tdsync hub … --database`, replicas syncing through either.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["TDSYNC_SKIP_POSTGRES"] != "1"))
struct PostgresServeTests {
    @Test func twoServedInstancesShareOneDatabaseAndSurviveOneBeingKilled() async throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let database = try await PostgresServer.shared.newDatabase()
        let first = try HubProcess(sandbox: sandbox, database: database, name: "serve-1")
        let second = try HubProcess(sandbox: sandbox, database: database, name: "serve-2")
        defer { first.stop(); second.stop() }
        let boardToken = try first.addNode("board", role: "board")
        let hnToken = try second.addNode("hn-office", role: "province", scopes: ["hn"])   // through either: one registry
        let board = sandbox.path("board.sqlite"), hn = sandbox.path("hn.sqlite")
        try runOK(["init", "--db", board, "--node", "board", "--hub", first.url, "--token", boardToken])
        try runOK(["init", "--db", hn, "--node", "hn-office", "--hub", second.url, "--token", hnToken])

        for index in 1...5 {
            try runOK(["nomination", "add", "--db", hn, "--id", "hn-\(index)", "--nominee", "Phạm Thị \(index)", "--kind", "individual",
                       "--year", "2025", "--title", "LDTT"])
        }
        #expect(try runOK(["sync", "--db", hn]).contains("pushed 10 (0 rejected)"))   // five nominations and their first steps
        #expect(try runOK(["sync", "--db", board]).contains("10 changed this replica"))
        try runOK(["nomination", "edit", "hn-2", "--db", board, "--board-status", "approved", "--decision-number", "3/QĐ-TTg"])
        try runOK(["sync", "--db", board])

        // The instance the province used dies; it moves to the other and loses nothing.
        second.kill()
        try runOK(["nomination", "add", "--db", hn, "--id", "hn-6", "--nominee", "Lê Văn Sáu", "--kind", "individual", "--year", "2025", "--title", "LDTT"])
        try runOK(["connect", "--db", hn, "--hub", first.url, "--token", hnToken])
        #expect(try runOK(["sync", "--db", hn]).contains("pushed 2 (0 rejected)"))
        try runOK(["sync", "--db", board])
        #expect(try runOK(["export", "--db", hn]) == runOK(["export", "--db", board]))
        #expect(try runOK(["nomination", "show", "hn-2", "--db", hn]).contains("3/QĐ-TTg"))
        // The shared registry saw every write of hn-office, through both instances.
        let nodes = try JSONSerialization.jsonObject(with: Data(try runOK(["hub", "list-nodes", "--json"] + first.storage).utf8)) as? [[String: Any]] ?? []
        let status = try JSONSerialization.jsonObject(with: Data(try runOK(["status", "--db", hn, "--json"]).utf8)) as? [String: Any] ?? [:]
        let registered = nodes.first { $0["node"] as? String == "hn-office" }
        #expect(registered?["highest_counter"] as? Int == status["counter"] as? Int, "\(nodes)")
        #expect((status["counter"] as? Int ?? 0) >= 12)
    }
}
