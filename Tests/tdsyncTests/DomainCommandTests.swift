import Foundation
import Testing

/// `search`, `person`, `initiative` and the eligibility warnings of `nomination add`, `submit`
/// and `check`, through the real binary.
@Suite struct DomainCommandTests {
    @Test func searchFindsVietnameseNamesWithoutAccents() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
        for name in ["Nguyễn Văn An", "Trần Đức Thắng", "Nguyễn Thị Bích Ngọc"] {
            try runOK(["nomination", "add", "--db", db, "--nominee", name, "--kind", "individual", "--year", "2025", "--title", "CSTDCS"])
        }
        let found = try runOK(["search", "--db", db, "nguyen van an"])
        #expect(found.contains("Nguyễn Văn An") && !found.contains("Bích Ngọc"))
        let json = try #require(try parseJSON(try runOK(["search", "--db", db, "DUC", "--json"])) as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == ["Trần Đức Thắng"])
        #expect(try runOK(["search", "--db", db, "chien si thi dua", "--collection", "award_types"]).contains("CSTDCS"))
        let empty = try runTdsync(["search", "--db", db, "?!"])
        #expect(empty.exitCode == 2 && empty.stderr.hasPrefix("error: bad_request: "))
    }

    @Test func demoDataGivesANationalYearWhoseReportAddsUp() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("board.db")
        #expect(try runOK(["demo-data", "--db", db, "--people", "8", "--seed", "7"]).contains("34 provinces"))
        let csv = try runOK(["report", "--db", db, "--form", "0602", "--year", "2025", "--csv"])
        let blocks = csv.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } }
        #expect(blocks.count == 4)   // by type, by 2025 province, by kind, by the 63 provinces before the merger
        // By province: 34 rows and a total; the provinces' totals add up to it, and to the by-type total.
        let byProvince = blocks[1].dropFirst(2)   // title and header
        #expect(byProvince.count == 35)
        let sum = byProvince.dropLast().compactMap { Int($0.last ?? "") }.reduce(0, +)
        #expect(sum == Int(byProvince.last?.last ?? "") && sum == Int(blocks[0].last?.last ?? ""))
        #expect(sum > 0)
        let oldSum = blocks[3].dropFirst(2).dropLast().compactMap { Int($0.last ?? "") }.reduce(0, +)
        #expect(blocks[3].count == 2 + 64 && oldSum == sum)   // 63 old provinces and the total
        let table = try runOK(["report", "--db", db, "--form", "0602", "--year", "2025"])
        #expect(table.contains("Hồ Chí Minh") && table.contains("Tổng cộng"))
        #expect(try runOK(["search", "--db", db, "nguyen", "--collection", "nominations", "--limit", "3"]).contains("Nguyễn"))
    }

    @Test func aDecisionCoversManyNominationsAndEveryStepIsInTheHistory() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("board.db")
        try runOK(["init", "--db", db, "--node", "board", "--role", "board"])
        for id in ["x1", "x2"] {
            try runOK(["nomination", "add", "--db", db, "--id", id, "--scope", "hn", "--nominee", "Phạm Văn \(id)", "--kind", "individual",
                       "--year", "2025", "--award", "BK_TTG"])
        }
        try runOK(["decision", "issue", "--db", db, "--number", "77/QĐ-TTg", "--date", "2025-11-30", "--authority", "Thủ tướng Chính phủ", "x1", "x2"])
        let history = try runOK(["nomination", "history", "--db", db, "x2"])
        #expect(history.contains("created") && history.contains("approved") && history.contains("77/QĐ-TTg") && history.contains("board"))
        #expect(try runOK(["decision", "list", "--db", db]).contains("2: x1 x2"))
        let unknown = try runTdsync(["decision", "issue", "--db", db, "--number", "78/QĐ-TTg", "--date", "2025-11-30", "x1", "missing"])
        #expect(unknown.exitCode == 5)
        let badNumber = try runTdsync(["decision", "issue", "--db", db, "--number", "78-TTg", "--date", "2025-11-30", "x1"])
        #expect(badNumber.exitCode == 64 && badNumber.stderr.contains("--number"))
    }

    @Test func unitsRegisterForACampaignWithPledgesAndTheirResults() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
        try runOK(["campaign", "add", "--db", db, "--id", "cds-2025", "--kind", "thematic", "--title", "Thi đua chuyển đổi số",
                   "--starts-on", "2025-01-15", "--ends-on", "2025-11-30"])
        let first = try runOK(["campaign", "register", "--db", db, "cds-2025", "--registrant", "Sở Y tế Hà Nội", "--date", "2025-02-01",
                               "--pledge", "100% hồ sơ trực tuyến", "--pledge", "Giảm 30% thời gian xử lý", "--target", "TTLDXS"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try runOK(["campaign", "register", "--db", db, "cds-2025", "--registrant", "Trần Văn Bình", "--kind", "individual", "--date", "2025-02-03"])
        try runOK(["campaign", "result", "--db", db, first, "--achieved", "--note", "Đạt 100%"])
        let listed = try runOK(["campaign", "registrations", "--db", db, "cds-2025"])
        #expect(listed.contains("Sở Y tế Hà Nội") && listed.contains("Giảm 30% thời gian xử lý") && listed.contains("achieved"))
        #expect(listed.contains("Trần Văn Bình") && listed.contains("pending"))
        let missing = try runTdsync(["campaign", "register", "--db", db, "nope", "--registrant", "X", "--date", "2025-02-01"])
        #expect(missing.exitCode == 5)
        let second = try #require(try runOK(["campaign", "register", "--db", db, "cds-2025", "--registrant", "Phòng Nội vụ", "--date", "2025-02-04"])
            .split(separator: "\n").first.map(String.init))
        #expect(try runOK(["campaign", "unregister", "--db", db, second]).contains("withdrawn"))
        #expect(try !runOK(["campaign", "registrations", "--db", db, "cds-2025"]).contains("Phòng Nội vụ"))
        #expect(try runTdsync(["campaign", "unregister", "--db", db, second]).exitCode == 5)
    }

    @Test func nominationsAreCheckedAgainstTheRulesAndOnlyWarned() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
        try runOK(["person", "year", "--db", db, "--person", "p1", "--name", "Lê Thị Hoa", "--year", "2025",
                   "--rating", "good", "--title", "LDTT"])
        let added = try runTdsync(["nomination", "add", "--db", db, "--id", "n1", "--nominee", "Lê Thị Hoa", "--kind", "individual",
                                   "--year", "2025", "--title", "CSTDCS", "--person", "p1"])
        #expect(added.exitCode == 0)                                    // saved all the same
        #expect(added.stderr.contains("warning: n1: CSTDCS (Law 06/2022/QH15 Art 23)"), "\(added.stderr)")
        #expect(try runOK(["nomination", "check", "--db", db, "n1"]).contains("MISSING"))

        // An initiative recognised this year makes it hold; it then supports n1 only.
        let initiative = try runOK(["initiative", "add", "--db", db, "--person", "p1", "--title", "Số hóa hồ sơ",
                                    "--year", "2025", "--level", "unit"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try runOK(["initiative", "use", "--db", db, initiative, "--nomination", "n1"])
        let check = try #require(try parseJSON(try runOK(["nomination", "check", "--db", db, "n1", "--json"])) as? [String: Any])
        #expect(check["eligible"] as? Bool == true, "\(check)")
        let submitted = try runTdsync(["nomination", "submit", "--db", db, "n1"])
        #expect(submitted.exitCode == 0 && submitted.stderr.isEmpty, "\(submitted.stderr)")
        let reused = try runTdsync(["initiative", "use", "--db", db, initiative, "--nomination", "n2"])
        #expect(reused.exitCode == 3 && reused.stderr.contains("supports one award only"))

        let history = try runOK(["person", "show", "--db", db, "p1"])
        #expect(history.contains("2025") && history.contains("LDTT") && history.contains(initiative))
    }
}
