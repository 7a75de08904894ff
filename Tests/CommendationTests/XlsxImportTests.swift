import Foundation
import Testing
@testable import Commendation
import SyncCore

/// .xlsx workbooks written by other programs (openpyxl, LibreOffice Calc, Python's zipfile; see
/// Fixtures/xlsx/make_fixtures.py) read as import reads them, and imported with the CSV rules.
@Suite struct XlsxImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xlsx")

    static func board(_ dir: URL) throws -> Replica {
        try Replica.create(at: dir.appendingPathComponent("\(UUID().uuidString).db").path, schema: .commendation, node: NodeID("board"),
                           role: .board, scopes: [], durability: .normal)
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let nominationHeader = ["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Danh hiệu", "Hình thức khen thưởng", "Tỉnh",
                                   "Tóm tắt thành tích", "Kết quả xét duyệt", "Số quyết định", "Ngày quyết định"]

    /// The same workbook as openpyxl wrote it and as LibreOffice Calc wrote it again reads the same.
    @Test(arguments: ["nominations-openpyxl.xlsx", "nominations-libreoffice.xlsx"])
    func readsTheFirstSheetWithItsMergedHeader(fixture: String) throws {
        let sheet = try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent(fixture))
        #expect(sheet.name == "Đề nghị")
        #expect(sheet.headerRows == 1...2, "cells merged down make a two-row header")
        #expect(sheet.header == Self.nominationHeader, "each column named by its lowest heading; styled empty columns ignored")
        #expect(sheet.rows.map(\.number) == [3, 4, 5, 6, 7, 8], "Excel's row numbers; styled empty rows ignored")
        #expect(sheet.rows[0].fields == ["xl-001", "Nguyễn Thị Hồng Nhung", "Cá nhân", "2025", "CSTDCS", "", "dn",
                                         "Hoàn thành xuất sắc nhiệm vụ năm 2025", "Đã duyệt", "125/QĐ-UBND", "01/12/2025"],
                "a number year as 2025 and a date serial as dd/mm/yyyy")
        #expect(sheet.rows[1].fields[3] == "2025" && sheet.rows[1].fields[10] == "05/03/2025", "a year and a date stored as text")
        #expect(sheet.rows[2].fields[0] == "0123", "a text id keeps its leading zero")
        #expect(sheet.rows[2].fields[1].unicodeScalars.count > "Trần Văn Bình".unicodeScalars.count, "the decomposed cell is read as written")
    }

    @Test(arguments: ["nominations-openpyxl.xlsx", "nominations-libreoffice.xlsx"])
    func importsNominationsWithTheCSVRulesAndExcelRowNumbers(fixture: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let replica = try Self.board(dir)
        let sheet = try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent(fixture))
        let report = try replica.importNominations(from: sheet)
        let counts: [Int] = [report.imported, report.duplicates, report.errors]
        #expect(counts == [3, 1, 2], "\(report.rows)")
        let byRow = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.number, $0) })
        #expect(byRow[3]?.outcome == .imported && byRow[4]?.outcome == .imported && byRow[5]?.outcome == .imported)
        #expect(byRow[6]?.column == "Danh hiệu", "the bad title is blamed on its column")
        if case .duplicate(let reason) = byRow[7]?.outcome { #expect(reason.contains("row 3")) } else { Issue.record("row 7: \(String(describing: byRow[7]))") }
        #expect(byRow[8]?.column == "Ngày quyết định", "31/04/2025 is no date")

        let first = try #require(try replica.record(RecordKey(collection: "nominations", id: "xl-001")))
        let values = replica.visibleValues(of: first.version)
        #expect(values["year"] == .integer(2025) && values["title_code"] == .text("CSTDCS") && first.version.scope == "dn")
        #expect(values["decision_date"] == .date(CivilDate(year: 2025, month: 12, day: 1)!))
        #expect(values["board_status"] == .text("approved"))
        let second = try #require(try replica.record(RecordKey(collection: "nominations", id: "xl-002")))
        #expect(replica.visibleValues(of: second.version)["decision_date"] == .date(CivilDate(year: 2025, month: 3, day: 5)!))
        #expect(second.version.scope == "dn", "the province by its name")
        let third = try #require(try replica.record(RecordKey(collection: "nominations", id: "0123")))
        let name = try #require(replica.visibleValues(of: third.version)["nominee_name"]?.textValue)
        #expect(Array(name.utf8) == Array("Trần Văn Bình".precomposedStringWithCanonicalMapping.utf8), "stored NFC")
        #expect(replica.visibleValues(of: third.version)["title_code"] == .text("LDTT"), "a title by its name")
    }

    @Test func importsPeopleFromTheSheetNamed() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let replica = try Self.board(dir)
        let sheet = try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent("nominations-openpyxl.xlsx"), sheet: "can bo")
        #expect(sheet.name == "Cán bộ", "a sheet named without accents or case")
        let report = try replica.importPersonYears(from: sheet)
        let counts: [Int] = [report.imported, report.errors]
        #expect(counts == [2, 1], "\(report.rows)")
        #expect(report.rows.first { $0.number == 4 }?.column == "Xếp loại")
        let first = try #require(try replica.record(RecordKey(collection: "person_years", id: "1001-2025")))
        let values = replica.visibleValues(of: first.version)
        #expect(values["direct_worker"] == .bool(true) && values["disciplined"] == .bool(false), "boolean cells")
        #expect(values["titles"] == .textList(["LDTT", "CSTDCS"]))

        #expect(throws: SyncError.self) { try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent("nominations-openpyxl.xlsx"), sheet: "Khác") }
    }

    @Test func readsThe1904DateSystem() throws {
        let sheet = try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent("dates-1904.xlsx"))
        #expect(sheet.rows.map(\.number) == [2])
        #expect(sheet.rows[0].fields.last == "01/12/2025", "read with the 1900 system it would be 4 years and a day off")
    }

    @Test func readsInlineStringsWithoutStylesOrSharedStrings() throws {
        let sheet = try XlsxSheet(contentsOf: Self.fixtures.appendingPathComponent("inline-strings.xlsx"))
        #expect(sheet.name == "Danh sách")
        #expect(sheet.header == ["Mã hồ sơ", "Họ và tên", "Loại", "Năm", "Danh hiệu", "Tỉnh"])
        #expect(sheet.rows.map(\.number) == [2, 3], "the blank row 9 and the claimed 1,048,576 rows are ignored")
        #expect(sheet.rows[0].fields == ["in-001", "Đặng Văn Phong", "Cá nhân", "2025", "LDTT", "dn"], "rich-text runs joined, a formula's text")

        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try Self.board(dir).importNominations(from: sheet)
        let counts: [Int] = [report.imported, report.errors]
        #expect(counts == [2, 0], "\(report.rows)")
    }

    @Test func excelDateSerials() throws {
        let sheetDates: [(Double, Bool, String?)] = [
            (1, false, "01/01/1900"), (59, false, "28/02/1900"), (60, false, nil), (61, false, "01/03/1900"),
            (45_992, false, "01/12/2025"), (45_992.75, false, "01/12/2025"), (44_530, true, "01/12/2025"), (0, true, "01/01/1904"),
        ]
        for (serial, mac, expected) in sheetDates {
            #expect(XlsxDate.date(serial: serial, date1904: mac).map(formatVietnameseDate) == expected, "\(serial) \(mac)")
        }
        for date in [CivilDate(year: 2025, month: 12, day: 1)!, CivilDate(year: 1900, month: 2, day: 28)!, CivilDate(year: 1900, month: 3, day: 1)!] {
            let serial = XlsxDate.serial(of: date)
            #expect(XlsxDate.date(serial: Double(serial), date1904: false).map(formatVietnameseDate) == formatVietnameseDate(date))
        }
    }
}
