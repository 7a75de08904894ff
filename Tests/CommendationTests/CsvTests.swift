import Foundation
import Testing
import Commendation
import SyncCore

/// The CSV layer of the Excel round trip, in process: parsing, headers, dates, and the batch
/// write that imports all valid rows or nothing.
@Suite struct CsvTests {
    static func replica(_ dir: URL, role: Role = .province, scopes: [String] = ["dn"]) throws -> Replica {
        try Replica.create(at: dir.appendingPathComponent("\(UUID().uuidString).db").path, schema: .commendation, node: NodeID("dn-sct"),
                           role: role, scopes: scopes, durability: .normal)
    }

    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func parsesExcelFilesWithBOMCRLFQuotesAndBlankRows() throws {
        let text = "Họ tên;Năm\r\n\"Nguyễn; Văn\r\nAn\";2025\r\n;\r\n\r\n\"Lê \"\"Hoa\"\"\";2024\r\n"
        let file = try CSVFile(parsing: Data(CSVFile.utf8BOM) + Data(text.utf8))
        #expect(file.delimiter == ";", "Excel set to Vietnamese separates with semicolons")
        #expect(file.header == ["Họ tên", "Năm"], "the BOM is not part of the first header")
        #expect(file.rows.map(\.number) == [2, 5], "rows numbered as Excel shows them, blank ones left out")
        #expect(file.rows.map(\.fields) == [["Nguyễn; Văn\r\nAn", "2025"], ["Lê \"Hoa\"", "2024"]])

        let plain = try CSVFile(parsing: Data("a,b\nc,d".utf8))
        #expect(plain.delimiter == "," && plain.rows.map(\.fields) == [["c", "d"]])
        #expect(throws: SyncError.self) { try CSVFile(parsing: Data([0x61, 0xFF, 0x0A])) }
        #expect(throws: SyncError.self) { try CSVFile(parsing: Data(",,\r\n1,2".utf8)) }
    }

    @Test func writesWhatExcelOpens() throws {
        let data = try CSVFile.excelData(header: ["Mã", "Thành tích"], rows: [["a", "x, \"y\"\nz"], ["b", ""]])
        #expect(data.starts(with: CSVFile.utf8BOM))
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "Mã,Thành tích\r\na,\"x, \"\"y\"\"\nz\"\r\nb,\r\n")
        let back = try CSVFile(parsing: data)
        #expect(back.rows.map(\.fields) == [["a", "x, \"y\"\nz"], ["b", ""]])
    }

    @Test func headersIgnoreCaseAccentsAndSpaces() {
        #expect(NominationColumn(header: "HO VA TEN") == .nomineeName)
        #expect(NominationColumn(header: "  họ   và  tên ") == .nomineeName)
        #expect(NominationColumn(header: "Tên tập thể") == .nomineeName)
        #expect(NominationColumn(header: "cá nhân/tập thể") == .nomineeKind)
        #expect(NominationColumn(header: "HINH THUC KHEN THUONG") == .awardFormCode)
        #expect(NominationColumn(header: "award_form_code") == .awardFormCode)
        #expect(NominationColumn(header: "Mã") == .id && NominationColumn(header: "ma ho so") == .id)
        #expect(NominationColumn(header: "Ngày quyết định") == .decisionDate)
        #expect(NominationColumn(header: "Ghi chú") == nil)
        for column in NominationColumn.allCases { #expect(NominationColumn(header: column.header) == column) }
    }

    @Test func vietnameseDates() {
        #expect(parseVietnameseDate("05/03/2025") == CivilDate(year: 2025, month: 3, day: 5))
        #expect(parseVietnameseDate("5/3/2025") == CivilDate(year: 2025, month: 3, day: 5))
        #expect(parseVietnameseDate("2025-03-05") == CivilDate(year: 2025, month: 3, day: 5))
        #expect(parseVietnameseDate("29/02/2024") != nil)
        for bad in ["29/02/2025", "31/04/2025", "2025/03/05", "05/03/25", "", "ngày 5"] { #expect(parseVietnameseDate(bad) == nil, "\(bad)") }
        #expect(formatVietnameseDate(CivilDate(year: 2025, month: 3, day: 5)!) == "05/03/2025")
    }

    @Test func failedWritesOfABatchLeaveNoTraceAndTheRestCommitTogether() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let replica = try Self.replica(dir)
        func create(_ id: String, title: String) -> LocalWrite {
            LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: "dn"),
                       values: ["nominee_name": .text("Lê Văn \(id)"), "nominee_kind": .text("individual"),
                                "year": .integer(2025), "title_code": .text(title)])
        }
        let writes = [create("a", title: "LDTT"), create("b", title: "XYZ"), create("c", title: "CSTDCS")]

        let rolledBack = try replica.tryWrites(writes) { _ in false }
        #expect(!rolledBack.committed && rolledBack.outcomes.count == 3)
        #expect(try replica.nominations().isEmpty && replica.nodeState().counter == 0)

        let result = try replica.tryWrites(writes) { _ in true }
        #expect(result.committed)
        guard case .failure(let error) = result.outcomes[1] else { Issue.record("b has an unknown title"); return }
        #expect(error.code == .wrongType && error.message.contains("'title_code'"))
        #expect(try replica.nominations().map(\.id) == ["a", "c"])
        #expect(try replica.nodeState().counter == 2, "the failed write used no dot")
        #expect(try replica.nomination("c")?.titleCode == "CSTDCS")
    }

    @Test func importReportsRowsAndRoundTripsThroughExport() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let replica = try Self.replica(dir)
        let csv = """
            Mã hồ sơ,Họ và tên,Loại,Năm,Danh hiệu,Hình thức,Trạng thái,Tỉnh,Ghi chú
            n1,Nguyễn Văn An,Cá nhân,2025,Lao động tiên tiến,,Nháp,Đà Nẵng,
            n2,Tổ Kỹ thuật,Tập thể,2025,,Bằng khen của Thủ tướng Chính phủ,Rút,dn,
            n3,Nguyễn  văn an,Cá nhân,2025,LDTT,,,,
            n4,Lê Thị Hoa,Cá nhân,2025,LDTT,BK_BO,,,
            n5,Trần Thu,Cá nhân,2025,LDTT,,Đang làm,,
            n6,Hồ Văn Tâm,Cá nhân,2025,LDTT,,,hn,
            """
        let report = try replica.importNominations(csv: Data(csv.utf8))
        #expect(report.written && report.imported == 2 && report.duplicates == 1 && report.errors == 3)
        #expect(report.warnings.count == 1)
        #expect(report.rows.map(\.number) == [2, 3, 4, 5, 6, 7])
        #expect(report.rows[2].outcome == .duplicate(reason: "same nominee, year, award and province as row 2"))
        #expect(report.rows[3].column == "Danh hiệu/Hình thức", "exactly one of title and award form")
        #expect(report.rows[4].column == "Trạng thái")
        #expect(report.rows[5].column == "Tỉnh")
        #expect(try replica.nomination("n2")?.awardFormCode == "BK_TTG")
        #expect(try replica.nomination("n2")?.status == .withdrawn)

        let copy = try Self.replica(dir)
        let back = try copy.importNominations(csv: try replica.nominationsCSV())
        #expect(back.imported == 2 && back.errors == 0 && back.warnings.isEmpty)
        #expect(try copy.nominations() == replica.nominations())
    }
}
