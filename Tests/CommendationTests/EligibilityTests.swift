import Foundation
import Testing
import Commendation
import SyncCore

/// Every seeded eligibility rule, with people who just meet and just miss each condition.
@Suite struct EligibilityTests {
    /// A province replica with people's records, and a checker over it.
    final class Office {
        let directory: URL
        let replica: Replica
        var checker: EligibilityChecker { EligibilityChecker(replica: replica) }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-elig-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            replica = try Replica.create(at: directory.appendingPathComponent("hn.sqlite").path, schema: .commendation, node: NodeID("hn-office"),
                                         role: .province, scopes: ["hn"], durability: .normal)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func year(_ person: String, _ year: Int, _ rating: String?, titles: [String] = [], awards: [String] = [],
                  research: Bool = false, disciplined: Bool = false, unit: String? = nil) throws {
            var values: [String: FieldValue] = ["person_id": .text(person), "person_name": .text("Người \(person)"), "year": .integer(Int64(year)),
                                                "titles": .textList(titles), "awards": .textList(awards),
                                                "research_accepted": .bool(research), "disciplined": .bool(disciplined)]
            values["task_rating"] = rating.map(FieldValue.text)
            values["unit_id"] = unit.map(FieldValue.text)
            try replica.write(LocalWrite(key: RecordKey(collection: "person_years", id: "\(person)-\(year)"), operation: .create(scope: "hn"), values: values))
        }

        func initiative(_ person: String, _ year: Int, _ level: String, usedBy: String? = nil) throws {
            var values: [String: FieldValue] = ["person_id": .text(person), "title": .text("Sáng kiến \(year)"), "year": .integer(Int64(year)), "level": .text(level)]
            values["used_by"] = usedBy.map(FieldValue.text)
            try replica.write(LocalWrite(key: RecordKey(collection: "initiatives", id: "\(person)-\(year)-\(level)-\(UUID().uuidString.prefix(4))"),
                                         operation: .create(scope: "hn"), values: values))
        }

        /// The conditions that do not hold for `person` and `code` in 2025 (nil when no rule applies).
        func missing(_ code: String, _ person: String, subject: String = "individual", year: Int = 2025) throws -> [String]? {
            let report = try checker.check(code: code, subject: subject, year: year, subjectID: person, nomination: "n-\(person)")
            guard report.ruleID != nil else { return nil }
            return report.findings.filter { !$0.met }.map(\.condition)
        }
    }

    @Test func chienSiThiDuaCoSo() throws {
        let o = try Office()
        try o.year("meets-rating", 2025, "excellent", titles: ["LDTT"])
        try o.year("meets-initiative", 2025, "good", titles: ["LDTT"]); try o.initiative("meets-initiative", 2025, "unit")
        try o.year("meets-research", 2025, "completed", titles: ["LDTT"], research: true)
        try o.year("no-ldtt", 2025, "excellent")
        try o.year("only-good", 2025, "good", titles: ["LDTT"]); try o.initiative("only-good", 2024, "unit")   // last year's does not count
        try o.year("disciplined", 2025, "excellent", titles: ["LDTT"], disciplined: true)
        try o.year("initiative-taken", 2025, "good", titles: ["LDTT"]); try o.initiative("initiative-taken", 2025, "national", usedBy: "other")
        for person in ["meets-rating", "meets-initiative", "meets-research"] { #expect(try o.missing("CSTDCS", person) == [], "\(person)") }
        #expect(try o.missing("CSTDCS", "no-ldtt") == ["title LDTT years=1"])
        #expect(try o.missing("CSTDCS", "only-good") == ["rating excellent years=1 | initiative unit count=1 within=1 | research within=1"])
        #expect(try o.missing("CSTDCS", "disciplined") == ["no_discipline within=1"])
        #expect(try o.missing("CSTDCS", "initiative-taken")?.count == 1)
        let detail = try o.checker.check(code: "CSTDCS", subject: "individual", year: 2025, subjectID: "initiative-taken").findings[1].detail
        #expect(detail.contains("already supports other"), "\(detail)")
    }

    @Test func chienSiThiDuaCapBoTinhAndToanQuoc() throws {
        let o = try Office()
        for y in 2023...2025 { try o.year("bo", y, "excellent", titles: ["LDTT", "CSTDCS"]) }
        try o.initiative("bo", 2024, "ministry_or_province")
        for y in [2022, 2024, 2025] { try o.year("gap", y, "excellent", titles: ["LDTT", "CSTDCS"]) }
        try o.year("gap", 2023, "excellent", titles: ["LDTT"]); try o.initiative("gap", 2024, "ministry_or_province")
        for y in 2023...2025 { try o.year("unit-only", y, "excellent", titles: ["LDTT", "CSTDCS"]) }
        try o.initiative("unit-only", 2025, "unit")
        #expect(try o.missing("CSTD_BO", "bo") == [])
        #expect(try o.missing("CSTD_BO", "gap") == ["title CSTDCS years=3"])
        #expect(try o.missing("CSTD_BO", "unit-only") == ["initiative ministry_or_province count=1 within=3"])

        try o.year("tq", 2022, "excellent", titles: ["CSTD_BO"]); try o.year("tq", 2025, "excellent", titles: ["CSTD_BO"])
        try o.initiative("tq", 2025, "national")
        try o.year("tq-once", 2025, "excellent", titles: ["CSTD_BO"]); try o.year("tq-once", 2019, "excellent", titles: ["CSTD_BO"])
        try o.initiative("tq-once", 2025, "national")
        try o.year("tq-province", 2022, "excellent", titles: ["CSTD_BO"]); try o.year("tq-province", 2025, "excellent", titles: ["CSTD_BO"])
        try o.initiative("tq-province", 2025, "ministry_or_province")
        #expect(try o.missing("CSTD_TQ", "tq") == [])
        #expect(try o.missing("CSTD_TQ", "tq-once") == ["title CSTD_BO times=2 within=6"])       // 2019 is outside 2020–2025
        #expect(try o.missing("CSTD_TQ", "tq-province") == ["initiative national count=1 within=6"])
    }

    @Test func bangKhen() throws {
        let o = try Office()
        for y in 2024...2025 { try o.year("cstdcs", y, "good", titles: ["LDTT", "CSTDCS"]) }
        for y in 2024...2025 { try o.year("excellent", y, "excellent", titles: ["LDTT"]) }
        try o.initiative("excellent", 2024, "unit"); try o.initiative("excellent", 2025, "unit")
        for y in 2024...2025 { try o.year("one-initiative", y, "excellent", titles: ["LDTT"]) }
        try o.initiative("one-initiative", 2025, "unit")
        #expect(try o.missing("BK_BO", "cstdcs") == [])
        #expect(try o.missing("BK_BO", "excellent") == [])
        #expect(try o.missing("BK_BO", "one-initiative")?.count == 1)

        try o.year("ttg", 2020, "good", awards: ["BK_BO"])
        for (y, titles) in [(2021, ["LDTT"]), (2022, ["CSTDCS"]), (2023, ["CSTDCS"]), (2024, ["LDTT"]), (2025, ["CSTDCS"])] {
            try o.year("ttg", y, "good", titles: titles)
        }
        try o.year("ttg-completed", 2020, "good", awards: ["BK_BO"])
        for y in 2021...2025 { try o.year("ttg-completed", y, y == 2023 ? "completed" : "excellent", titles: ["CSTDCS"]) }
        for y in 2021...2025 { try o.year("ttg-no-bk", y, "excellent", titles: ["CSTDCS"]) }
        #expect(try o.missing("BK_TTG", "ttg") == [])
        #expect(try o.missing("BK_TTG", "ttg-completed") == ["rating good years=5"])
        #expect(try o.missing("BK_TTG", "ttg-no-bk") == ["award BK_BO before"])
    }

    @Test func tapTheLaoDongXuatSac() throws {
        let o = try Office()
        // 10 members: 7 LDTT (one of them CSTDCS), all at least completed: just meets 70%.
        for i in 0..<10 { try o.year("a\(i)", 2025, i < 5 ? "good" : "completed", titles: i < 7 ? (i == 0 ? ["LDTT", "CSTDCS"] : ["LDTT"]) : [], unit: "phong-a") }
        // 6 of 10 LDTT: just misses.
        for i in 0..<10 { try o.year("b\(i)", 2025, "good", titles: i < 6 ? (i == 0 ? ["LDTT", "CSTDCS"] : ["LDTT"]) : [], unit: "phong-b") }
        // One member not completing duties; no CSTDCS.
        for i in 0..<10 { try o.year("c\(i)", 2025, i == 9 ? "not_completed" : "good", titles: ["LDTT"], unit: "phong-c") }
        #expect(try o.missing("TTLDXS", "phong-a", subject: "collective") == [])
        #expect(try o.missing("TTLDXS", "phong-b", subject: "collective") == ["members_title LDTT share=70"])
        #expect(try o.missing("TTLDXS", "phong-c", subject: "collective") == ["members_rating completed share=100", "members_title CSTDCS count=1"])
        #expect(try o.missing("TTLDXS", "phong-empty", subject: "collective")?.count == 3)
    }

    @Test func aCatalogEntryOutOfForceIsReported() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-elig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let board = try Replica.create(at: directory.appendingPathComponent("board.sqlite").path, schema: .commendation, node: NodeID("board"), role: .board, scopes: [])
        // The board closes an award form when the law changes.
        try board.write(LocalWrite(key: RecordKey(collection: "award_types", id: "KNC"), operation: .update, values: ["valid_to": .text("2025-06-30")]))
        let checker = EligibilityChecker(replica: board)
        let report = try checker.check(code: "KNC", subject: "individual", year: 2026, subjectID: "p")
        #expect(!report.isEligible && report.findings.first?.detail == "KNC was in the catalog until 2025-06-30")
        #expect(try checker.check(code: "KNC", subject: "individual", year: 2025, subjectID: "p").ruleID == nil)   // in force; no mechanical rule
    }

    @Test func awardsWithoutARuleAndRulesOutOfForce() throws {
        let o = try Office()
        #expect(try o.missing("HCLD3", "anyone") == nil)                       // no mechanical rule: checked by hand
        // The 2022 law is in force from 2024: its catalog entries carry that date (catalog edition 2).
        #expect(try o.missing("CSTDCS", "anyone", year: 2023) == ["catalog entry in force in 2023"])
        #expect(try o.checker.check(code: "CSTDCS", subject: "individual", year: 2023, subjectID: "anyone").findings.first?.detail
                == "CSTDCS is in the catalog only from 2024-01-01")
        #expect(throws: SyncError.self) { try RuleCondition(parsing: "title CSTDCS yeras=3") }
        #expect(throws: SyncError.self) { try RuleCondition(parsing: "rating superb years=1") }
        #expect(try RuleCondition(parsing: "title A years=1 & research within=1 | award B before").alternatives.map(\.count) == [2, 1])
    }
}

/// The findings in Vietnamese, as the web app shows them: every condition and detail of a check
/// said in Vietnamese words, with the same verdicts as the English ones.
@Suite struct EligibilityWordingTests {
    @Test func everyFindingIsSaidInVietnamese() throws {
        let o = try EligibilityTests.Office()
        try o.year("only-good", 2025, "good", titles: ["LDTT"], disciplined: true)
        try o.initiative("only-good", 2025, "unit", usedBy: "other")
        let report = try o.checker.check(code: "CSTDCS", subject: "individual", year: 2025, subjectID: "only-good", nomination: "n-1")
        let byCondition = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.condition, $0) })
        let rating = try #require(byCondition["rating excellent years=1 | initiative unit count=1 within=1 | research within=1"])
        #expect(!rating.met)
        #expect(rating.conditionVietnamese == "Được đánh giá từ mức hoàn thành xuất sắc nhiệm vụ trở lên trong năm xét; hoặc "
                + "Có 1 sáng kiến cấp cơ sở trở lên trong 1 năm gần nhất, chưa dùng cho hồ sơ khác; hoặc "
                + "Có đề tài khoa học được nghiệm thu trong 1 năm gần nhất")
        let initiative = try #require(try o.initiativeID("only-good"))
        #expect(rating.detailVietnamese == "đánh giá dưới mức hoàn thành xuất sắc nhiệm vụ: năm 2025: hoàn thành tốt nhiệm vụ; hoặc "
                + "0/1 sáng kiến cấp cơ sở trở lên trong năm 2025 (\(initiative) đã dùng cho hồ sơ other); hoặc "
                + "không có đề tài khoa học được nghiệm thu trong năm 2025")
        let discipline = try #require(byCondition["no_discipline within=1"])
        #expect(!discipline.met && discipline.conditionVietnamese == "Không bị kỷ luật trong 1 năm gần nhất"
                && discipline.detailVietnamese == "bị kỷ luật năm 2025")
        let title = try #require(byCondition["title LDTT years=1"])
        #expect(title.met && title.detailVietnamese == "đạt LDTT năm 2025")
        for finding in report.findings {
            #expect(!finding.detailVietnamese.contains(" in ") && !finding.detailVietnamese.contains("rated"), "\(finding.detailVietnamese)")
        }

        let unnamed = try o.checker.check(code: "CSTDCS", subject: "individual", year: 2025, subjectID: nil)
        #expect(unnamed.findings.map(\.detailVietnamese) == ["hồ sơ chưa chọn cá nhân, nên chưa kiểm tra được thành tích"])
    }
}

extension EligibilityTests.Office {
    /// The id of `person`'s first initiative.
    func initiativeID(_ person: String) throws -> String? {
        try replica.rows(TableQuery("initiatives", where: [.equals("person_id", .text(person))])).first?.id
    }
}
