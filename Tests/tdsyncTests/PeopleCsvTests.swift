import Foundation
import Testing

/// `tdsync import --people` and `tdsync export-csv --people` through the real binary: people's
/// yearly records (person_years) round-tripped through Excel.
@Suite struct PeopleCsvTests {
    /// A semicolon-separated file as a Vietnamese Excel saves it: BOM, CRLF, headers in odd case,
    /// some without accents, a column that names nothing, a blank row, a bad rating, an unknown
    /// title, a bad yes/no, a duplicate of a stored year and one of an earlier row.
    static let messyRows = [
        "mã cán bộ;HO VA TEN;Don vi;  năm ;Mức độ hoàn thành;Danh Hiệu;Hinh thuc khen thuong;Nghiên cứu;KY LUAT;Trực tiếp lao động;Tỉnh;Ghi chú",
        "dn-001;Nguyễn Thị Hồng Nhung;dn-sct-qlct;2025;Hoàn thành xuất sắc nhiệm vụ;LDTT, Chiến sĩ thi đua cơ sở;bk_bo;Có;không;x;dn;",
        "dn-002;Trần Văn Bình;;2025;hoan thanh tot nhiem vu;;;0;0;no;;ghi chú",
        ";;;;;;;;;;;",
        "dn-003;Lê Văn Cường;;2025;Giỏi;;;;;;;",
        "dn-001;Nguyễn Thị Hồng Nhung;;2024;good;;;;;;;",
        "dn-002;Trần Văn Bình;;2025;completed;;;;;;;",
        "dn-004;Phạm Thị Dung;;2025;not completed;;;;true;;Đà Nẵng;",
        "dn-005;Võ Minh Em;;2025;excellent;XYZ;;;;;;",
        "dn-006;Đặng Văn Phong;;2025;;;;;có lẽ;;;",
    ]

    static func excelBytes(_ rows: [String]) -> Data {
        Data([0xEF, 0xBB, 0xBF]) + Data((rows.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The report line of Excel row `number`.
    static func line(_ output: String, row number: Int) -> Substring? {
        output.split(separator: "\n").first { $0.split(separator: " ").first == Substring(String(number)) }
    }

    /// The person_years records of `tdsync export`, without what depends on the node that wrote
    /// them (dots, clocks): id → {scope, field → its values}.
    static func personYears(db: String) throws -> NSDictionary {
        let export = try #require(try parseJSON(try runOK(["export", "--db", db])) as? [String: Any])
        let records = try #require(export["records"] as? [[String: Any]])
        var out: [String: Any] = [:]
        for record in records where record["collection"] as? String == "person_years" {
            let fields = try #require(record["fields"] as? [String: [[String: Any]]])
            out[try #require(record["id"] as? String)] = [
                "scope": record["scope"] as Any,
                "fields": fields.mapValues { siblings in siblings.map { [$0["value"] as Any, $0["role"] as Any] } },
            ]
        }
        return out as NSDictionary
    }

    @Test func messyPeopleFileImportsTheGoodRowsAndReportsTheRest() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("dn.db"), csv = box.path("can-bo.csv")
        try runOK(["init", "--db", db, "--node", "dn-sct", "--scope", "dn"])
        try runOK(["person", "year", "--db", db, "--person", "dn-001", "--name", "Nguyễn Thị Hồng Nhung", "--year", "2024",
                   "--rating", "good"])
        try Self.excelBytes(Self.messyRows).write(to: URL(fileURLWithPath: csv))

        let dry = try runTdsync(["import", "--people", "--db", db, csv, "--dry-run"])
        #expect(dry.exitCode == 2)
        #expect(dry.stdout.contains("imported 0, duplicates 2, errors 3 (dry run: 3 valid rows, nothing written)"), "\(dry.stdout)")
        let strict = try runTdsync(["import", "--people", "--db", db, csv, "--all-or-nothing"])
        #expect(strict.exitCode == 2)
        #expect(strict.stdout.contains("imported 0, duplicates 2, errors 3"), "\(strict.stdout)")
        #expect(try runTdsync(["person", "show", "--db", db, "dn-002"]).exitCode != 0, "nothing was written")

        let result = try runTdsync(["import", "--people", "--db", db, csv])
        #expect(result.exitCode == 2, "some rows are wrong: \(result.stderr)")
        #expect(result.stdout.contains("imported 3, duplicates 2, errors 3"), "\(result.stdout)")
        #expect(result.stderr.contains("warning:") && result.stderr.contains("Ghi chú"), "\(result.stderr)")
        for number in [2, 3, 8] { #expect(Self.line(result.stdout, row: number)?.contains("imported") == true, "row \(number)") }
        #expect(Self.line(result.stdout, row: 2)?.contains("dn-001-2025") == true)
        #expect(Self.line(result.stdout, row: 4) == nil, "the blank row is skipped")
        let badRating = try #require(Self.line(result.stdout, row: 5))
        #expect(badRating.contains("error") && badRating.contains("dn-003-2025") && badRating.contains("Mức độ hoàn thành") && badRating.contains("Giỏi"))
        let stored = try #require(Self.line(result.stdout, row: 6))
        #expect(stored.contains("duplicate") && stored.contains("dn-001-2024"))
        let earlier = try #require(Self.line(result.stdout, row: 7))
        #expect(earlier.contains("duplicate") && earlier.contains("row 3"))
        let badTitle = try #require(Self.line(result.stdout, row: 9))
        #expect(badTitle.contains("error") && badTitle.contains("Danh Hiệu") && badTitle.contains("XYZ"))
        let badBool = try #require(Self.line(result.stdout, row: 10))
        #expect(badBool.contains("error") && badBool.contains("KY LUAT") && badBool.contains("có lẽ"))

        let first = try runOK(["person", "show", "--db", db, "dn-001"])
        let years = first.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(years.contains(["2024", "good"]), "the stored year is not updated: \(first)")
        #expect(years.contains(["2025", "excellent", "CSTDCS", "LDTT", "BK_BO", "yes"]), "\(first)")
        let second = try runOK(["person", "show", "--db", db, "dn-002"])
        #expect(second.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }.contains(["2025", "good"]),
                "the first of the two dn-002 rows: \(second)")
        let fourth = try runOK(["person", "show", "--db", db, "dn-004"])
        #expect(fourth.contains("not_completed") && fourth.contains("yes"), "disciplined: \(fourth)")
        for missing in ["dn-003", "dn-005", "dn-006"] {
            #expect(try runTdsync(["person", "show", "--db", db, missing]).exitCode != 0, "\(missing)")
        }

        // What person show does not print: unit, direct worker, false flags, scope.
        let records = try Self.personYears(db: db)
        let nhung = try #require((records["dn-001-2025"] as? [String: Any])?["fields"] as? [String: [[Any]]])
        #expect(nhung["unit_id"]?.first?.first as? String == "dn-sct-qlct")
        #expect(nhung["direct_worker"]?.first?.first as? Bool == true && nhung["disciplined"]?.first?.first as? Bool == false)
        #expect(nhung["titles"]?.first?.first as? [String] == ["LDTT", "CSTDCS"])
        let binh = try #require(records["dn-002-2025"] as? [String: Any])
        #expect(binh["scope"] as? String == "dn")
        #expect((binh["fields"] as? [String: [[Any]]])?["research_accepted"]?.first?.first as? Bool == false)

        // The same file again: every imported row is now a duplicate.
        let again = try runTdsync(["import", "--people", "--db", db, csv])
        #expect(again.stdout.contains("imported 0, duplicates 5, errors 3"), "\(again.stdout)")
    }

    @Test func exportThenImportGivesTheSamePersonYears() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let board = box.path("board.db"), copy = box.path("copy.db"), csv = box.path("can-bo.csv")
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["person", "year", "--db", board, "--scope", "dn", "--person", "dn-001", "--name", "Nguyễn Thị Hồng Nhung",
                   "--year", "2024", "--unit", "dn-sct-qlct", "--rating", "excellent", "--title", "LDTT", "--title", "CSTDCS",
                   "--award", "BK_BO", "--research", "--no-disciplined", "--direct-worker"])
        try runOK(["person", "year", "--db", board, "--scope", "dn", "--person", "dn-001", "--name", "Nguyễn Thị Hồng Nhung",
                   "--year", "2025", "--rating", "good", "--title", "LDTT"])
        try runOK(["person", "year", "--db", board, "--scope", "hn", "--person", "hn-7", "--name", "=Lê \"Ba\", Hà Nội",
                   "--year", "2025", "--rating", "not_completed", "--disciplined"])
        try runOK(["person", "year", "--db", board, "--scope", "hn", "--person", "hn-8", "--name", "Trần Thị Tư", "--year", "2023",
                   "--rating", "completed", "--no-research"])

        try runOK(["export-csv", "--people", "--db", board, "-o", csv])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "a UTF-8 byte-order mark first")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Mã cán bộ,Họ và tên,Đơn vị,Năm,Tỉnh,Xếp loại,Danh hiệu,Hình thức khen thưởng,Đề tài nghiệm thu,Kỷ luật,Trực tiếp lao động\r\n"))
        #expect(text.hasSuffix("\r\n") && text.components(separatedBy: "\r\n").count == 6, "CRLF after the header and each row")
        #expect(text.contains("Hoàn thành xuất sắc nhiệm vụ") && text.contains("\"LDTT; CSTDCS\"") == false && text.contains("LDTT; CSTDCS"))
        #expect(text.contains("Có") && text.contains("Không") && text.contains("'=Lê"), "\(text)")
        #expect(try runOK(["export-csv", "--people", "--db", board]).utf8.count == bytes.count, "stdout gets the same file")

        try runOK(["init", "--db", copy, "--node", "board-copy", "--role", "board"])
        let imported = try runTdsync(["import", "--people", "--db", copy, csv])
        #expect(imported.exitCode == 0, "\(imported.stdout)\(imported.stderr)")
        #expect(imported.stdout.contains("imported 4, duplicates 0, errors 0"), "\(imported.stdout)")
        let original = try Self.personYears(db: board)
        #expect(original.count == 4)
        #expect(try Self.personYears(db: copy) == original)
        #expect(try runOK(["export-csv", "--people", "--db", copy]) == (try runOK(["export-csv", "--people", "--db", board])))
    }
}
