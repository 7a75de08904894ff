import Foundation
import Testing
import Commendation
import SyncCore

/// Forms 0601, 0602 and 0603 on a small data set whose totals are worked out by hand below.
@Suite struct StatisticsTests {
    static func board() throws -> (Replica, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let replica = try Replica.create(at: directory.appendingPathComponent("board.sqlite").path, schema: .commendation, node: NodeID("board"),
                                         role: .board, scopes: [], durability: .normal)
        return (replica, directory)
    }

    static func nomination(_ r: Replica, _ id: String, scope: String, award: String? = nil, title: String? = nil, collective: Bool = false,
                           status: String = "approved", decided: String? = nil, year: Int = 2025, person: String? = nil, campaign: String? = nil) throws {
        var values: [String: FieldValue] = ["nominee_name": .text("Đối tượng \(id)"), "nominee_kind": .text(collective ? "collective" : "individual"),
                                            "year": .integer(Int64(year)), "status": .text("submitted"), "board_status": .text(status)]
        values["award_form_code"] = award.map(FieldValue.text)
        values["title_code"] = title.map(FieldValue.text)
        values["decision_date"] = decided.map(FieldValue.text)
        values["person_id"] = person.map(FieldValue.text)
        values["campaign_id"] = campaign.map(FieldValue.text)
        try r.write(LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope), values: values))
    }

    @Test func form0602CountsApprovedStateAwardsByTypeProvinceAndKind() throws {
        let (r, directory) = try Self.board()
        defer { try? FileManager.default.removeItem(at: directory) }
        try r.write(LocalWrite(key: RecordKey(collection: "campaigns", id: "c1"), operation: .create(scope: "hn"),
                               values: ["title": .text("Thi đua chuyển đổi số"), "kind": .text("thematic"),
                                        "starts_on": .text("2025-03-01"), "ends_on": .text("2027-03-01")]))
        try r.write(LocalWrite(key: RecordKey(collection: "campaigns", id: "c2"), operation: .create(scope: "*"),
                               values: ["title": .text("Thi đua yêu nước"), "kind": .text("regular"),
                                        "starts_on": .text("2025-01-01"), "ends_on": .text("2025-12-31")]))
        for (person, direct) in [("p1", true), ("p2", false)] {
            try r.write(LocalWrite(key: RecordKey(collection: "person_years", id: "\(person)-2025"), operation: .create(scope: "hn"),
                                   values: ["person_id": .text(person), "person_name": .text(person), "year": .integer(2025), "direct_worker": .bool(direct)]))
        }
        try Self.nomination(r, "a", scope: "hn", award: "HCLD3", decided: "2025-06-01", person: "p1")        // counted, direct worker
        try Self.nomination(r, "b", scope: "hn", award: "HCLD3", collective: true, decided: "2025-07-01")   // counted, collective
        try Self.nomination(r, "c", scope: "hp", award: "BK_TTG", decided: "2025-05-05", person: "p2", campaign: "c1")  // thematic
        try Self.nomination(r, "d", scope: "hp", award: "BK_TTG", decided: "2024-12-31", person: "p2")      // decided last year
        try Self.nomination(r, "e", scope: "hcm", title: "CSTD_TQ")                                           // no date: its year
        try Self.nomination(r, "f", scope: "hcm", award: "AHLD", status: "rejected", decided: "2025-02-02")  // not approved
        try Self.nomination(r, "g", scope: "dn", award: "BK_BO", decided: "2025-09-09")                      // province level: 0603

        let report = StatisticsReport(replica: r)
        let tables = try report.tables(form: "0602", year: 2025)
        func row(_ table: StatisticsTable, _ key: String) -> [String]? { table.rows.first { $0.first == key || $0.dropFirst().first == key } }
        // Columns after the key: collective, individual, direct workers, share, total.
        #expect(row(tables[0], "HCLD3")?.suffix(5) == ["1", "1", "1", "100.0%", "2"])
        #expect(row(tables[0], "BK_TTG")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(row(tables[0], "CSTD_TQ")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(row(tables[0], "AHLD")?.suffix(5) == ["0", "0", "0", "-", "0"])
        #expect(tables[0].rows.last?.suffix(5) == ["1", "3", "1", "33.3%", "4"])
        #expect(row(tables[1], "hn")?.suffix(5) == ["1", "1", "1", "100.0%", "2"])
        #expect(row(tables[1], "hp")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(row(tables[1], "hcm")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(row(tables[1], "dn")?.suffix(5) == ["0", "0", "0", "-", "0"])
        #expect(tables[1].rows.count == 35)                        // 34 provinces and the total
        #expect(row(tables[2], "Chuyên đề")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(row(tables[2], "Đột xuất")?.suffix(5) == ["1", "2", "1", "50.0%", "3"])

        let provincial = try report.tables(form: "0603", year: 2025)
        #expect(row(provincial[0], "BK_BO")?.suffix(5) == ["0", "1", "0", "0.0%", "1"])
        #expect(provincial[0].rows.last?.last == "1")
        #expect(try report.tables(form: "0602", year: 2024)[0].rows.last?.last == "1")

        let campaigns = try report.tables(form: "0601", year: 2025)[0]
        // Columns: regular, thematic, by phase, up to a year, over a year, total.
        #expect(campaigns.rows[0].dropFirst() == ["1", "0", "0", "1", "0", "1"])     // central
        #expect(campaigns.rows[1].dropFirst() == ["0", "1", "0", "0", "1", "1"])     // provincial
        #expect(throws: SyncError.self) { try report.tables(form: "0604", year: 2025) }
    }
}
