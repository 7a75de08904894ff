import Foundation
import Testing

/// `campaign add|list|show|edit|delete` through the real binary.
@Suite struct CampaignCommandTests {
    /// The campaign objects of `campaign list --json`, keyed by id.
    private func campaigns(_ db: String, includeDeleted: Bool = false) throws -> [String: [String: Any]] {
        let args = ["campaign", "list", "--db", db, "--json"] + (includeDeleted ? ["--include-deleted"] : [])
        let array = try #require(try parseJSON(try runOK(args)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: array.compactMap { object in (object["id"] as? String).map { ($0, object) } })
    }

    @Test func roundTrip() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])

        let added = try #require(try parseJSON(try runOK([
            "campaign", "add", "--db", db, "--id", "hn-2025", "--title", "Phong trào thi đua \"Chuyển đổi số\" năm 2025",
            "--slogan", "Số hóa để phục vụ", "--launching-authority", "UBND thành phố Hà Nội", "--kind", "thematic",
            "--starts-on", "2025-01-15", "--ends-on", "2025-11-30",
            "--target", "100% hồ sơ thi đua nộp trực tuyến", "--target", "Giảm 30% thời gian xét duyệt", "--json",
        ])) as? [String: Any])
        #expect(added["id"] as? String == "hn-2025" && added["scope"] as? String == "hn" && added["deleted"] as? Bool == false)
        let values = try #require(added["values"] as? [String: Any])
        #expect(values["title"] as? String == "Phong trào thi đua \"Chuyển đổi số\" năm 2025")
        #expect(values["kind"] as? String == "thematic" && values["slogan"] as? String == "Số hóa để phục vụ")
        #expect(values["launching_authority"] as? String == "UBND thành phố Hà Nội")
        #expect(values["starts_on"] as? String == "2025-01-15" && values["ends_on"] as? String == "2025-11-30")
        #expect(values["targets"] as? [String] == ["100% hồ sơ thi đua nộp trực tuyến", "Giảm 30% thời gian xét duyệt"])

        let id = try runOK(["campaign", "add", "--db", db, "--title", "Thi đua lao động giỏi", "--kind", "regular"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: id) != nil && id == id.lowercased(), "the default id is a lowercase UUID, got '\(id)'")

        let list = try runOK(["campaign", "list", "--db", db])
        let lines = list.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("id") && lines[0].contains("title") && lines[0].contains("starts_on") && lines[0].contains("flags"))
        #expect(list.contains("hn-2025") && list.contains(id) && list.contains("thematic") && list.contains("2025-11-30"))
        let listed = try campaigns(db)
        #expect(Set(listed.keys) == ["hn-2025", id])
        #expect((listed[id]?["values"] as? [String: Any])?["slogan"] is NSNull)

        let show = try runOK(["campaign", "show", "hn-2025", "--db", db])
        #expect(show.contains("launching_authority") && show.contains("UBND thành phố Hà Nội") && show.contains("hn1:1"))
        #expect(show.contains("100% hồ sơ thi đua nộp trực tuyến; Giảm 30% thời gian xét duyệt"))
        let shown = try #require(try parseJSON(try runOK(["campaign", "show", "hn-2025", "--db", db, "--json"])) as? [String: Any])
        #expect((shown["vv"] as? [String: Any])?["hn1"] as? NSNumber == 1)

        // Edit: a new title, the targets replaced, the slogan cleared, the end moved.
        let edit = try runOK(["campaign", "edit", "hn-2025", "--db", db, "--title", "Chuyển đổi số 2025", "--target", "Một mục tiêu",
                              "--clear", "slogan", "--ends-on", "2025-12-31"])
        #expect(edit.contains("updated hn-2025"))
        let after = try #require(try campaigns(db)["hn-2025"]?["values"] as? [String: Any])
        #expect(after["title"] as? String == "Chuyển đổi số 2025" && after["targets"] as? [String] == ["Một mục tiêu"])
        #expect(after["slogan"] is NSNull && after["ends_on"] as? String == "2025-12-31")
        #expect(after["kind"] as? String == "thematic", "fields not named keep their values")

        try runOK(["campaign", "delete", "hn-2025", "--db", db])
        #expect(try campaigns(db)["hn-2025"] == nil)
        #expect(try campaigns(db, includeDeleted: true)["hn-2025"]?["deleted"] as? Bool == true)
        let deletedLine = try #require(try runOK(["campaign", "list", "--db", db, "--include-deleted"])
            .split(separator: "\n").first { $0.hasPrefix("hn-2025") })
        #expect(deletedLine.contains("deleted"))
        for args in [["campaign", "delete", "hn-2025", "--db", db], ["campaign", "show", "nope", "--db", db],
                     ["campaign", "edit", "nope", "--db", db, "--title", "X"]] {
            let result = try runTdsync(args)
            #expect(result.exitCode == 5 && result.stderr.hasPrefix("error: not_found: "), "tdsync \(args.joined(separator: " ")): \(result.stderr)")
        }
    }

    @Test func endBeforeStartIsRefused() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])
        let reversed = try runTdsync(["campaign", "add", "--db", db, "--id", "c1", "--title", "X",
                                      "--starts-on", "2025-06-01", "--ends-on", "2025-05-31"])
        #expect(reversed.exitCode == 64)
        #expect(reversed.stderr.contains("--ends-on") && reversed.stderr.contains("--starts-on") && reversed.stderr.contains("2025-05-31"))
        #expect(try campaigns(db).isEmpty, "nothing was written")

        try runOK(["campaign", "add", "--db", db, "--id", "c1", "--title", "X", "--starts-on", "2025-06-01", "--ends-on", "2025-06-01"])
        // One new date is checked against the stored other one.
        let early = try runTdsync(["campaign", "edit", "c1", "--db", db, "--ends-on", "2025-01-01"])
        #expect(early.exitCode == 64 && early.stderr.contains("--ends-on") && early.stderr.contains("starts_on"), "\(early.stderr)")
        let late = try runTdsync(["campaign", "edit", "c1", "--db", db, "--starts-on", "2026-01-01"])
        #expect(late.exitCode == 64 && late.stderr.contains("--starts-on") && late.stderr.contains("ends_on"), "\(late.stderr)")
        let both = try runTdsync(["campaign", "edit", "c1", "--db", db, "--starts-on", "2026-01-01", "--ends-on", "2025-01-01"])
        #expect(both.exitCode == 64 && both.stderr.contains("--ends-on"))
        #expect((try campaigns(db)["c1"]?["values"] as? [String: Any])?["ends_on"] as? String == "2025-06-01")
        try runOK(["campaign", "edit", "c1", "--db", db, "--starts-on", "2026-01-01", "--clear", "ends_on"])

        let usage: [(args: [String], flag: String)] = [
            (["campaign", "add", "--db", db, "--title", "X", "--starts-on", "2025-02-30"], "--starts-on"),
            (["campaign", "add", "--db", db, "--title", "X", "--ends-on", "31/12/2025"], "--ends-on"),
            (["campaign", "add", "--db", db, "--title", "X", "--kind", "forever"], "--kind"),
            (["campaign", "add", "--db", db, "--title", " "], "--title"),
            (["campaign", "add", "--db", db, "--kind", "regular"], "--title"),
            (["campaign", "edit", "c1", "--db", db], "--clear"),
            (["campaign", "edit", "c1", "--db", db, "--clear", "year"], "--clear"),
        ]
        for (args, flag) in usage {
            let result = try runTdsync(args)
            #expect(result.exitCode == 64, "tdsync \(args.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains(flag), "tdsync \(args.joined(separator: " ")) should name \(flag): \(result.stderr)")
        }
    }

    @Test func boardLaunchesNationalCampaigns() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let board = box.path("board.db"), province = box.path("hn.db")
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["init", "--db", province, "--node", "hn1", "--scope", "hn"])
        try runOK(["campaign", "add", "--db", board, "--id", "bct-2025", "--title", "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2025",
                   "--kind", "regular"])
        try runOK(["campaign", "add", "--db", board, "--id", "hn-board", "--scope", "hn", "--title", "Phong trào riêng của Hà Nội"])
        let listed = try campaigns(board)
        #expect(listed["bct-2025"]?["scope"] as? String == "*" && listed["hn-board"]?["scope"] as? String == "hn")
        #expect(try runOK(["campaign", "list", "--db", board]).split(separator: "\n").contains { $0.hasPrefix("bct-2025") && $0.contains(" * ") })

        let refused = try runTdsync(["campaign", "add", "--db", province, "--scope", "*", "--title", "Toàn quốc"])
        #expect(refused.exitCode == 4 && refused.stderr.hasPrefix("error: scope_violation: "))

        // The province receives the national campaign and may name it in a nomination.
        try runOK(["merge", "--db", province, "--from", board])
        #expect(try campaigns(province)["bct-2025"] != nil)
        try runOK(["nomination", "add", "--db", province, "--id", "n1", "--nominee", "Lê Văn Cường", "--kind", "individual",
                   "--year", "2025", "--title", "LDTT", "--campaign", "bct-2025"])
    }

    @Test func helpDescribesCampaigns() throws {
        #expect(try runOK(["--help"]).contains("campaign"))
        let help = try runOK(["campaign", "--help"])
        for sub in ["add", "list", "show", "edit", "delete"] { #expect(help.contains(sub)) }
        let add = try runOK(["campaign", "add", "--help"])
        for flag in ["--title", "--slogan", "--launching-authority", "--kind", "--starts-on", "--ends-on", "--target", "--scope", "--id", "--json"] {
            #expect(add.contains(flag), "campaign add --help mentions \(flag)")
        }
    }
}
