import Foundation
import Testing

/// `nomination submit` (the province) and `nomination decide` (the board).
@Suite struct NominationWorkflowTests {
    /// A province replica `hn.db` with nomination `n1`, and a board replica `board.db` holding it.
    private func replicas(_ box: Sandbox) throws -> (province: String, board: String) {
        let province = box.path("hn.db"), board = box.path("board.db")
        try runOK(["init", "--db", province, "--node", "hn1", "--scope", "hn"])
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["nomination", "add", "--db", province, "--id", "n1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS"])
        try runOK(["merge", "--db", board, "--from", province])
        return (province, board)
    }

    private func values(_ db: String, _ id: String = "n1") throws -> [String: Any] {
        try #require(try listJSON(db: db)[id]?["values"] as? [String: Any])
    }

    @Test func submitSetsStatus() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (province, _) = try replicas(box)
        #expect(try values(province)["status"] as? String == "draft")
        #expect(try runOK(["nomination", "submit", "n1", "--db", province]).contains("submitted n1"))
        #expect(try values(province)["status"] as? String == "submitted")
        #expect(try values(province)["nominee_name"] as? String == "Nguyễn Văn An", "other fields keep their values")
        let missing = try runTdsync(["nomination", "submit", "nope", "--db", province])
        #expect(missing.exitCode == 5 && missing.stderr.hasPrefix("error: not_found: "))
    }

    @Test func boardApprovesReturnsAndRejects() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (province, board) = try replicas(box)
        try runOK(["nomination", "submit", "n1", "--db", province])
        try runOK(["nomination", "add", "--db", board, "--id", "n2", "--scope", "hn", "--nominee", "Trần Thị Bình",
                   "--kind", "individual", "--year", "2025", "--title", "LDTT"])
        try runOK(["nomination", "add", "--db", board, "--id", "n3", "--scope", "hn", "--nominee", "Phòng Kế hoạch",
                   "--kind", "collective", "--year", "2025", "--award", "BK_BO"])

        let approved = try runOK(["nomination", "decide", "n1", "--db", board, "--approve", "--decision-number", "125/QĐ-BCT",
                                  "--decision-date", "2025-12-01", "--authority", "Bộ trưởng Bộ Công Thương"])
        #expect(approved.contains("approved n1"))
        let n1 = try values(board)
        #expect(n1["board_status"] as? String == "approved")
        #expect(n1["decision_number"] as? String == "125/QĐ-BCT")
        #expect(n1["decision_date"] as? String == "2025-12-01")
        #expect(n1["decision_authority"] as? String == "Bộ trưởng Bộ Công Thương")
        #expect(n1["board_reason"] is NSNull)

        #expect(try runOK(["nomination", "decide", "n2", "--db", board, "--return", "--reason", "Hồ sơ thiếu xác nhận"])
            .contains("returned n2"))
        let n2 = try values(board, "n2")
        #expect(n2["board_status"] as? String == "returned" && n2["board_reason"] as? String == "Hồ sơ thiếu xác nhận")
        #expect(n2["decision_number"] is NSNull)

        try runOK(["nomination", "decide", "n3", "--db", board, "--reject", "--reason", "Chưa đủ hai năm liên tục",
                   "--decision-number", "12/QĐ-UBND", "--decision-date", "2025-12-02"])
        let n3 = try values(board, "n3")
        #expect(n3["board_status"] as? String == "rejected" && n3["board_reason"] as? String == "Chưa đủ hai năm liên tục")
        #expect(n3["decision_number"] as? String == "12/QĐ-UBND")

        let list = try runOK(["nomination", "list", "--db", board])
        #expect(list.contains("approved") && list.contains("returned") && list.contains("rejected"))

        // The decision reaches the province; its own status is untouched.
        try runOK(["merge", "--db", province, "--from", board])
        let seen = try values(province)
        #expect(seen["board_status"] as? String == "approved" && seen["status"] as? String == "submitted")
    }

    @Test func decideValidatesItsFlags() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (_, board) = try replicas(box)
        let base = ["nomination", "decide", "n1", "--db", board]
        let approve = base + ["--approve"]
        let cases: [(args: [String], flag: String)] = [
            (base, "--approve"),
            (base + ["--approve", "--reject", "--reason", "x"], "--reject"),
            (approve + ["--decision-date", "2025-12-01"], "--decision-number"),
            (approve + ["--decision-number", "125/QĐ-BCT"], "--decision-date"),
            (approve + ["--decision-number", "125/QD-BCT", "--decision-date", "2025-12-01"], "--decision-number"),
            (approve + ["--decision-number", "QĐ-BCT/125", "--decision-date", "2025-12-01"], "--decision-number"),
            (approve + ["--decision-number", "125/QĐ-", "--decision-date", "2025-12-01"], "--decision-number"),
            (approve + ["--decision-number", "số 125/QĐ-BCT", "--decision-date", "2025-12-01"], "--decision-number"),
            (approve + ["--decision-number", "125/QĐ-BCT", "--decision-date", "2025-02-30"], "--decision-date"),
            (base + ["--return"], "--reason"),
            (base + ["--reject"], "--reason"),
            (base + ["--reject", "--reason", "  "], "--reason"),
        ]
        for (args, flag) in cases {
            let result = try runTdsync(args)
            #expect(result.exitCode == 64, "tdsync \(args.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains(flag), "tdsync \(args.joined(separator: " ")) should name \(flag): \(result.stderr)")
        }
        let badFormat = try runTdsync(approve + ["--decision-number", "125-QĐ-BCT", "--decision-date", "2025-12-01"])
        #expect(badFormat.stderr.contains("/QĐ-"), "the error shows the expected form: \(badFormat.stderr)")
        #expect(try values(board)["board_status"] is NSNull, "nothing was written")
    }

    @Test func provinceCannotDecide() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (province, _) = try replicas(box)
        for decision in [["--approve", "--decision-number", "125/QĐ-BCT", "--decision-date", "2025-12-01"],
                         ["--return", "--reason", "Thiếu hồ sơ"]] {
            let result = try runTdsync(["nomination", "decide", "n1", "--db", province] + decision)
            #expect(result.exitCode == 4, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("error: field_not_owned: ") && result.stderr.contains("board"))
        }
        let after = try values(province)
        #expect(after["board_status"] is NSNull && after["decision_number"] is NSNull)
    }

    @Test func helpListsTheCommands() throws {
        let help = try runOK(["nomination", "--help"])
        #expect(help.contains("submit") && help.contains("decide"))
        let decide = try runOK(["nomination", "decide", "--help"])
        for text in ["--approve", "--return", "--reject", "--decision-number", "--decision-date", "--authority", "--reason", "QĐ"] {
            #expect(decide.contains(text), "decide --help mentions \(text)")
        }
    }
}
