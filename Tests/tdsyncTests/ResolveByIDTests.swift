import Foundation
import Testing

/// `tdsync resolve CONFLICT_ID --take mine|theirs`, with conflicts made by `tdsync merge` between replica files.
@Suite struct ResolveByIDTests {
    private func merge(_ target: String, from source: String) throws {
        try runOK(["merge", "--db", target, "--from", source])
    }

    private func values(_ db: String) throws -> [String: Any] {
        try #require(try listJSON(db: db)["n1"]?["values"] as? [String: Any])
    }

    /// Replicas of a province (hn1) and the board, both holding nomination `n1`.
    private func pair(_ box: Sandbox) throws -> (province: String, board: String) {
        let province = box.path("hn.db"), board = box.path("board.db")
        try runOK(["init", "--db", province, "--node", "hn1", "--scope", "hn"])
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["nomination", "add", "--db", province, "--id", "n1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS", "--achievements", "Hoàn thành xuất sắc nhiệm vụ"])
        try merge(board, from: province)
        return (province, board)
    }

    @Test func takeTheirsAndMine() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (province, board) = try pair(box)
        try runOK(["nomination", "edit", "n1", "--db", province, "--achievements", "Sáng kiến cấp tỉnh"])
        try runOK(["nomination", "edit", "n1", "--db", board, "--achievements", "Đã thẩm định"])
        try merge(province, from: board)
        try merge(board, from: province)

        let text = try runOK(["conflicts", "--db", province])
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("conflict") == true && lines.first?.contains("dot") == true)
        #expect(lines.dropFirst().count == 2 && lines.dropFirst().allSatisfy { $0.hasPrefix("nominations/n1/achievements ") })
        let listed = try #require(try parseJSON(try runOK(["conflicts", "--db", province, "--json"])) as? [[String: Any]])
        #expect(listed.map { $0["conflict_id"] as? String } == ["nominations/n1/achievements"])

        // The province keeps the board's value…
        let took = try runOK(["resolve", "nominations/n1/achievements", "--db", province, "--take", "theirs"])
        #expect(took.contains("Đã thẩm định"))
        #expect(try values(province)["achievements"] as? String == "Đã thẩm định")
        #expect(try runOK(["conflicts", "--db", province]).contains("no open conflicts"))
        try merge(board, from: province)
        #expect(try runOK(["conflicts", "--db", board]).contains("no open conflicts"))
        #expect(try values(board)["achievements"] as? String == "Đã thẩm định")

        // …and on a second conflict the board keeps its own.
        try runOK(["nomination", "edit", "n1", "--db", province, "--year", "2024"])
        try runOK(["nomination", "edit", "n1", "--db", board, "--year", "2026"])
        try merge(board, from: province)
        let mine = try runOK(["resolve", "nominations/n1/year", "--db", board, "--take", "mine"])
        #expect(mine.contains("2026"))
        #expect((try values(board)["year"] as? NSNumber)?.intValue == 2026)
        try merge(province, from: board)
        #expect((try values(province)["year"] as? NSNumber)?.intValue == 2026)
        #expect(try runOK(["conflicts", "--db", province]).contains("no open conflicts"))
        #expect(try runOK(["export", "--db", province]) == (try runOK(["export", "--db", board])))
    }

    @Test func ambiguousOrMissingChoicesAreRefused() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (province, board) = try pair(box)
        let other = box.path("hn2.db")
        try runOK(["init", "--db", other, "--node", "hn2", "--scope", "hn"])
        try merge(other, from: province)
        try runOK(["nomination", "edit", "n1", "--db", province, "--achievements", "Bản của hn1"])
        try runOK(["nomination", "edit", "n1", "--db", other, "--achievements", "Bản của hn2"])
        try merge(board, from: province)
        try merge(board, from: other)
        try runOK(["nomination", "edit", "n1", "--db", board, "--year", "2024"])   // the board's own write elsewhere
        let conflict = "nominations/n1/achievements"

        // Two other nodes: theirs names both candidates; the board wrote none of them.
        let theirs = try runTdsync(["resolve", conflict, "--db", board, "--take", "theirs"])
        #expect(theirs.exitCode == 64, "\(theirs.stderr)")
        #expect(theirs.stderr.contains("hn1:") && theirs.stderr.contains("hn2:") && theirs.stderr.contains("NODE:COUNTER"))
        let mine = try runTdsync(["resolve", conflict, "--db", board, "--take", "mine"])
        #expect(mine.exitCode == 5 && mine.stderr.hasPrefix("error: not_found: ") && mine.stderr.contains("board"), "\(mine.stderr)")
        #expect(try runOK(["conflicts", "--db", board]).contains(conflict), "nothing was resolved")

        // A dot settles it.
        let json = try #require(try parseJSON(try runOK(["conflicts", "--db", board, "--json"])) as? [[String: Any]])
        let siblings = try #require(json.first { $0["conflict_id"] as? String == conflict }?["siblings"] as? [[String: Any]])
        let dot = try #require(siblings.first { $0["node"] as? String == "hn2" }?["dot"] as? String)
        #expect(try runOK(["resolve", conflict, "--db", board, "--take", dot]).contains("Bản của hn2"))
        #expect(try values(board)["achievements"] as? String == "Bản của hn2")

        let usage: [(args: [String], text: String)] = [
            (["resolve", "nominations/n1", "--db", board, "--take", "mine"], "collection/id/field"),
            (["resolve", "nominations/n1/year/x", "--db", board, "--take", "mine"], "collection/id/field"),
            (["resolve", "nominations//year", "--db", board, "--take", "mine"], "collection/id/field"),
            (["resolve", conflict, "--db", board, "--id", "n1", "--take", "mine"], "--id"),
            (["resolve", "--db", board, "--take", "mine"], "--field"),
            (["resolve", conflict, "--db", board, "--take", "yours"], "--take"),
            (["resolve", conflict, "--db", board], "--take"),
        ]
        for (args, text) in usage {
            let result = try runTdsync(args)
            #expect(result.exitCode == 64, "tdsync \(args.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains(text), "tdsync \(args.joined(separator: " ")) should mention \(text): \(result.stderr)")
        }
        let unknown = try runTdsync(["resolve", "nominations/n1/colour", "--db", board, "--value", "red"])
        #expect(unknown.exitCode == 2 && unknown.stderr.hasPrefix("error: unknown_field: "))
        let settled = try runTdsync(["resolve", conflict, "--db", board, "--take", "mine"])
        #expect(settled.exitCode == 3 && settled.stderr.hasPrefix("error: no_conflict: "))
    }

    @Test func helpDescribesConflictIDs() throws {
        let help = try runOK(["resolve", "--help"])
        for text in ["<conflict-id>", "collection/id/field", "mine", "theirs", "NODE:COUNTER", "--id", "--field"] {
            #expect(help.contains(text), "resolve --help mentions \(text)")
        }
        #expect(try runOK(["conflicts", "--help"]).contains("conflict_id"))
    }
}
