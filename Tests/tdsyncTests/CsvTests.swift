import Foundation
import Testing

/// `tdsync import` and `tdsync export-csv` through the real binary: the Excel round trip.
@Suite struct CsvTests {
    /// A file as an office's Excel saves it: BOM, CRLF, headers in odd case (one without accents),
    /// a column that names nothing, a quoted field with a comma, quotes and a line break, a blank
    /// row, a bad title code, a bad year, a duplicate of an earlier row and one of a stored nomination.
    static let messyRows = [
        "mã hồ sơ,HO VA TEN,Loại,  năm ,Danh Hiệu,Hình thức,Đơn vị,Thành tích,Trạng thái,Ghi chú",
        "dn-001,Nguyễn Thị Hồng Nhung,Cá nhân,2025,Chiến sĩ thi đua cơ sở,,dn-sct-qlct,\"Hoàn thành xuất sắc, sáng kiến \"\"Số hóa\"\"\nnăm 2025\",Đã gửi,x",
        "dn-002,Phòng Quản lý công thương,tập thể,2025,,BK_BO,,,Nháp,",
        ",,,,,,,,,",
        "dn-003,Lê Văn Cường,Cá nhân,2025,XYZ,,,,,",
        ",nguyen thi hong nhung,Cá nhân,2025,CSTDCS,,,,,",
        ",TRẦN VĂN BÌNH,Cá nhân,2025,LDTT,,,,,",
        "dn-004,Phạm Thị Dung,Cá nhân,năm ngoái,LDTT,,,,,",
        "dn-005,Võ Minh Em,individual,2024,ldtt,,,,draft,",
    ]

    static func excelBytes(_ rows: [String]) -> Data {
        Data([0xEF, 0xBB, 0xBF]) + Data((rows.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// A province replica holding one nomination (Trần Văn Bình, 2025, LDTT) and the messy file.
    static func setUp(_ box: Sandbox) throws -> (db: String, csv: String) {
        let db = box.path("dn.db"), csv = box.path("de-nghi.csv")
        try runOK(["init", "--db", db, "--node", "dn-sct", "--scope", "dn"])
        try runOK(["nomination", "add", "--db", db, "--id", "dn-old", "--nominee", "Trần Văn Bình", "--kind", "individual",
                   "--year", "2025", "--title", "LDTT"])
        try excelBytes(messyRows).write(to: URL(fileURLWithPath: csv))
        return (db, csv)
    }

    /// The report line of Excel row `number`.
    static func line(_ output: String, row number: Int) -> Substring? {
        output.split(separator: "\n").first { $0.split(separator: " ").first == Substring(String(number)) }
    }

    @Test func messyExcelFileImportsTheGoodRowsAndReportsTheRest() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (db, csv) = try Self.setUp(box)

        let result = try runTdsync(["import", "--db", db, csv])
        #expect(result.exitCode == 2, "some rows are wrong: \(result.stderr)")
        #expect(result.stdout.contains("imported 3, duplicates 2, errors 2"), "\(result.stdout)")
        #expect(result.stderr.contains("warning:") && result.stderr.contains("Ghi chú"))
        #expect(result.stderr.components(separatedBy: "Ghi chú").count == 2, "the unknown column is reported once")

        let header = try #require(result.stdout.split(separator: "\n").first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["row", "result", "id", "column", "reason"])
        for number in [2, 3, 9] { #expect(Self.line(result.stdout, row: number)?.contains("imported") == true, "row \(number)") }
        #expect(Self.line(result.stdout, row: 4) == nil, "the blank row is skipped")
        let badTitle = try #require(Self.line(result.stdout, row: 5))
        #expect(badTitle.contains("error") && badTitle.contains("dn-003") && badTitle.contains("Danh Hiệu") && badTitle.contains("XYZ"))
        let badYear = try #require(Self.line(result.stdout, row: 8))
        #expect(badYear.contains("error") && badYear.contains("năm") && badYear.contains("năm ngoái"))
        #expect(try #require(Self.line(result.stdout, row: 6)).contains("duplicate"))
        #expect(try #require(Self.line(result.stdout, row: 6)).contains("row 2"))
        #expect(try #require(Self.line(result.stdout, row: 7)).contains("dn-old"))

        let list = try listJSON(db: db)
        #expect(Set(list.keys) == ["dn-old", "dn-001", "dn-002", "dn-005"])
        let first = try #require(list["dn-001"]?["values"] as? [String: Any])
        #expect(first["nominee_name"] as? String == "Nguyễn Thị Hồng Nhung")
        #expect(first["nominee_kind"] as? String == "individual")
        #expect(first["title_code"] as? String == "CSTDCS", "a title given by its Vietnamese name")
        #expect(first["status"] as? String == "submitted")
        #expect(first["unit_id"] as? String == "dn-sct-qlct")
        #expect(first["achievements"] as? String == "Hoàn thành xuất sắc, sáng kiến \"Số hóa\"\nnăm 2025")
        #expect((first["year"] as? NSNumber)?.intValue == 2025)
        let second = try #require(list["dn-002"]?["values"] as? [String: Any])
        #expect(second["nominee_kind"] as? String == "collective" && second["award_form_code"] as? String == "BK_BO")
        #expect(second["title_code"] is NSNull && second["status"] as? String == "draft")
        #expect((list["dn-005"]?["values"] as? [String: Any])?["title_code"] as? String == "LDTT")
        #expect(list["dn-005"]?["scope"] as? String == "dn")

        // The same file again: every row that was imported is now a duplicate.
        let again = try runTdsync(["import", "--db", db, csv])
        #expect(again.stdout.contains("imported 0, duplicates 5, errors 2"), "\(again.stdout)")
        #expect(try listJSON(db: db).count == 4)
    }

    @Test func allOrNothingImportsNothingWhenARowIsWrong() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (db, csv) = try Self.setUp(box)
        let before = try runOK(["export", "--db", db])

        let result = try runTdsync(["import", "--db", db, csv, "--all-or-nothing"])
        #expect(result.exitCode == 2)
        #expect(result.stdout.contains("imported 0, duplicates 2, errors 2"), "\(result.stdout)")
        #expect(result.stdout.contains("3 valid rows not written"))
        #expect(try runOK(["export", "--db", db]) == before, "nothing was written, not even a counter")

        // Without the wrong rows, everything valid goes in.
        let clean = box.path("clean.csv")
        try Self.excelBytes(Self.messyRows.enumerated().filter { ![4, 7].contains($0.offset) }.map(\.element))
            .write(to: URL(fileURLWithPath: clean))
        let ok = try runTdsync(["import", "--db", db, clean, "--all-or-nothing"])
        #expect(ok.exitCode == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("imported 3, duplicates 2, errors 0"))
        #expect(try listJSON(db: db).count == 4)
    }

    @Test func dryRunWritesNothing() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (db, csv) = try Self.setUp(box)
        let before = try runOK(["export", "--db", db])

        let result = try runTdsync(["import", "--db", db, csv, "--dry-run", "--json"])
        #expect(result.exitCode == 2)
        let report = try #require(try parseJSON(result.stdout) as? [String: Any])
        #expect(report["imported"] as? Int == 0 && report["valid_not_written"] as? Int == 3)
        #expect(report["duplicates"] as? Int == 2 && report["errors"] as? Int == 2)
        #expect(report["written"] as? Bool == false && report["dry_run"] as? Bool == true)
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.map { $0["row"] as? Int } == [2, 3, 5, 6, 7, 8, 9])
        let bad = try #require(rows.first { $0["row"] as? Int == 5 })
        #expect(bad["result"] as? String == "error" && bad["code"] as? String == "wrong_type" && bad["column"] as? String == "Danh Hiệu")
        #expect((report["warnings"] as? [String])?.count == 1)
        #expect(try runOK(["export", "--db", db]) == before)

        let text = try runTdsync(["import", "--db", db, csv, "--dry-run"])
        #expect(text.stdout.contains("imported 0, duplicates 2, errors 2 (dry run: 3 valid rows, nothing written)"))
        #expect(try runOK(["export", "--db", db]) == before)
    }

    @Test func exportThenImportGivesTheSameNominations() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let board = box.path("board.db"), copy = box.path("copy.db"), csv = box.path("board.csv")
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["nomination", "add", "--db", board, "--scope", "dn", "--id", "dn-1", "--nominee", "Nguyễn Thị Hồng Nhung",
                   "--kind", "individual", "--year", "2025", "--title", "CSTDCS", "--unit", "dn-sct-qlct", "--campaign", "dn-2025",
                   "--achievements=- Hoàn thành xuất sắc, vượt 20% kế hoạch;\n- Sáng kiến \"Số hóa hồ sơ\"", "--status", "submitted"])
        try runOK(["nomination", "add", "--db", board, "--scope", "hn", "--id", "hn-1", "--nominee", "=Phòng Kế hoạch",
                   "--kind", "collective", "--year", "2024", "--award", "BK_TTG"])
        try runOK(["nomination", "decide", "dn-1", "--db", board, "--approve", "--decision-number", "125/QĐ-BCT",
                   "--decision-date", "2025-03-05", "--authority", "Bộ Công Thương"])
        try runOK(["nomination", "decide", "hn-1", "--db", board, "--return", "--reason", "Thiếu xác nhận, bổ sung"])

        try runOK(["export-csv", "--db", board, "-o", csv])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a UTF-8 byte-order mark first")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Mã hồ sơ,Tỉnh,Họ và tên,Cá nhân/Tập thể,Năm,Danh hiệu,Hình thức khen thưởng,"))
        #expect(text.hasSuffix("\r\n") && text.components(separatedBy: "\r\n").count == 4, "CRLF after the header and each row")
        #expect(text.contains("05/03/2025") && text.contains("Cá nhân") && text.contains("Đã gửi") && text.contains("CSTDCS"))
        #expect(text.contains("\"'- Hoàn thành xuất sắc") && text.contains("'=Phòng Kế hoạch"), "formula-like text is escaped for Excel")
        #expect(try runOK(["export-csv", "--db", board]).utf8.count == bytes.count, "stdout gets the same file")

        try runOK(["init", "--db", copy, "--node", "board-copy", "--role", "board"])
        let imported = try runTdsync(["import", "--db", copy, csv])
        #expect(imported.exitCode == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2, duplicates 0, errors 0"))
        #expect(try runOK(["nomination", "list", "--db", copy, "--json"]) == (try runOK(["nomination", "list", "--db", board, "--json"])))

        // A province takes the board's columns only empty: the decided rows are refused, by column.
        let province = box.path("dn.db")
        try runOK(["init", "--db", province, "--node", "dn-sct", "--scope", "dn"])
        let refused = try runTdsync(["import", "--db", province, csv])
        #expect(refused.exitCode == 2)
        #expect(refused.stdout.contains("imported 0, duplicates 0, errors 2"), "\(refused.stdout)")
        #expect(try #require(Self.line(refused.stdout, row: 2)).contains("field_not_owned"))
    }

    @Test func unusableFilesAreRefusedWhole() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let (db, _) = try Self.setUp(box)
        let utf16 = box.path("utf16.csv"), noHeader = box.path("noheader.csv")
        try (Data([0xFF, 0xFE]) + "Họ và tên\r\n".data(using: .utf16LittleEndian)!).write(to: URL(fileURLWithPath: utf16))
        try Data("Nguyễn Văn An,2025,LDTT\r\n".utf8).write(to: URL(fileURLWithPath: noHeader))
        for file in [utf16, noHeader] {
            let result = try runTdsync(["import", "--db", db, file])
            #expect(result.exitCode == 2 && result.stderr.contains("bad_request"), "\(result.stderr)")
        }
        #expect(try listJSON(db: db).count == 1)
        let missing = try runTdsync(["import", "--db", db, box.path("missing.csv")])
        #expect(missing.exitCode == 1 && missing.stderr.contains("cannot read"))
    }
}
