import Foundation
import SyncCore

/// A realistic national data set for demonstrations and reports: the 34 provinces of 2025, the
/// catalog's codes, Vietnamese names drawn with real surname frequencies, five years of people's
/// records, initiatives, campaigns, a year of nominations and the board's decisions. Seeded, so
/// the same seed gives the same data.
public struct DemoData: Sendable {
    public let year: Int
    public let peoplePerProvince: Int
    private var rng: SeededRandom

    public init(year: Int = 2025, peoplePerProvince: Int = 40, seed: UInt64 = 2025) {
        self.year = year
        self.peoplePerProvince = peoplePerProvince
        rng = SeededRandom(seed: seed)
    }

    /// Every write of the data set for one province, in an order a replica accepts.
    public mutating func provinceWrites(_ code: String) -> [LocalWrite] {
        var writes: [LocalWrite] = []
        let provinceName = ReferenceData.provinces.first { $0.code == code }?.name ?? code
        let units = SampleData.units.prefix(4).enumerated().map { index, name in ("\(code)-dv\(index + 1)", "\(name) \(provinceName)") }
        for (id, name) in units {
            writes.append(LocalWrite(key: RecordKey(collection: "units", id: id), operation: .create(scope: code),
                                     values: ["name": .text(name), "kind": .text("department"), "province_code": .text(code)]))
        }
        for (index, kind) in ["regular", "thematic"].enumerated() {
            let start = kind == "regular" ? "\(year)-01-01" : "\(year)-0\(3 + rng.below(6))-01"
            let end = kind == "regular" ? "\(year)-12-31" : "\(year + 1 + rng.below(2))-06-30"
            writes.append(LocalWrite(key: RecordKey(collection: "campaigns", id: "\(code)-pt\(year)-\(index + 1)"), operation: .create(scope: code),
                                     values: ["title": .text(kind == "regular" ? "Phong trào thi đua yêu nước năm \(year) – \(provinceName)" : "Thi đua chuyển đổi số \(provinceName)"),
                                              "kind": .text(kind), "starts_on": .text(start), "ends_on": .text(end),
                                              "launching_authority": .text("Chủ tịch UBND \(provinceName)")]))
        }
        for p in 0..<peoplePerProvince {
            let person = "\(code)-\(String(format: "%04d", p + 1))", name = SampleData.name(using: &rng), unit = units[rng.below(units.count)].0
            let direct = rng.chance(0.3)
            var titlesByYear: [Int: [String]] = [:]
            for y in (year - 4)...year {
                let rating = rng.pick([("excellent", 25), ("good", 55), ("completed", 17), ("not_completed", 3)])
                var titles: [String] = []
                if rating != "not_completed" && rng.chance(0.8) { titles.append("LDTT") }
                if titles.contains("LDTT") && (rating == "excellent" || rng.chance(0.2)) && rng.chance(0.6) { titles.append("CSTDCS") }
                titlesByYear[y] = titles
                writes.append(LocalWrite(key: RecordKey(collection: "person_years", id: "\(person)-\(y)"), operation: .create(scope: code),
                                         values: ["person_id": .text(person), "person_name": .text(name), "unit_id": .text(unit), "year": .integer(Int64(y)),
                                                  "task_rating": .text(rating), "titles": .textList(titles), "direct_worker": .bool(direct),
                                                  "research_accepted": .bool(rng.chance(0.05)), "disciplined": .bool(rng.chance(0.01))]))
                if rng.chance(0.15) {
                    writes.append(LocalWrite(key: RecordKey(collection: "initiatives", id: "\(person)-sk-\(y)"), operation: .create(scope: code),
                                             values: ["person_id": .text(person), "title": .text("Sáng kiến \(rng.element(of: SampleData.achievements).lowercased())"),
                                                      "year": .integer(Int64(y)), "level": .text(rng.pick([("unit", 80), ("ministry_or_province", 17), ("national", 3)]))]))
                }
            }
            // Who is put forward this year, and for what.
            guard let nominated = nomination(titles: titlesByYear) else { continue }
            var values: [String: FieldValue] = ["nominee_name": .text(name), "nominee_kind": .text("individual"), "year": .integer(Int64(year)),
                                                "status": .text("submitted"), "unit_id": .text(unit), "person_id": .text(person),
                                                "achievements": .text(SampleData.achievement(in: year, using: &rng)),
                                                "campaign_id": .text("\(code)-pt\(year)-\(rng.chance(0.8) ? 1 : 2)")]
            values[SampleData.codeField(nominated)] = .text(nominated)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: "\(person)-\(year)"), operation: .create(scope: code), values: values))
        }
        for (id, name) in units where rng.chance(0.5) {
            let code2 = SampleData.collectiveAwards.draw(using: &rng)
            var values: [String: FieldValue] = ["nominee_name": .text(name), "nominee_kind": .text("collective"), "year": .integer(Int64(year)),
                                                "status": .text("submitted"), "unit_id": .text(id), "campaign_id": .text("\(code)-pt\(year)-1")]
            values[SampleData.codeField(code2)] = .text(code2)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: "\(id)-\(year)"), operation: .create(scope: code), values: values))
        }
        return writes
    }

    /// What a person with these titles is put forward for this year, if anything.
    private mutating func nomination(titles: [Int: [String]]) -> String? {
        let cstdcs = (year - 4...year).filter { titles[$0]?.contains("CSTDCS") ?? false }.count
        switch rng.below(100) {
        case 0..<30 where titles[year]?.contains("LDTT") ?? false: return "CSTDCS"
        case 30..<42 where cstdcs >= 2: return "BK_BO"
        case 42..<48 where cstdcs >= 3: return "CSTD_BO"
        case 48..<52: return "BK_TTG"
        case 52..<54: return "HCLD3"
        case 54..<55: return "CSTD_TQ"
        default: return nil
        }
    }

    /// The board's decisions on the nominations it holds: most approved, some returned with a reason.
    public mutating func decisions(on nominations: [(id: String, code: String)]) -> [LocalWrite] {
        var number = 100
        return nominations.map { nomination in
            number += 1
            let level = ReferenceData.awardTypes.first { $0.code == nomination.code }?.level ?? "unit"
            let issuer = level == "state" ? (["CSTD_TQ", "BK_TTG", "CO_CP"].contains(nomination.code) ? "TTg" : "CTN") : "UBND"
            if rng.chance(0.12) {
                return LocalWrite(key: RecordKey(collection: "nominations", id: nomination.id), operation: .update,
                                  values: ["board_status": .text("returned"), "board_reason": .text("Hồ sơ thiếu minh chứng sáng kiến")])
            }
            return LocalWrite(key: RecordKey(collection: "nominations", id: nomination.id), operation: .update, values: [
                "board_status": .text("approved"), "decision_number": .text("\(number)/QĐ-\(issuer)"),
                "decision_date": .date(SampleData.date(in: year, using: &rng)),
                "decision_authority": .text(issuer == "TTg" ? "Thủ tướng Chính phủ" : issuer == "CTN" ? "Chủ tịch nước" : "Chủ tịch UBND tỉnh")])
        }
    }

    /// Writes the whole data set into a board replica: every province's writes, then the board's
    /// decisions on the year's undecided nominations. Returns how many records were written and
    /// how many nominations were decided.
    public mutating func write(into replica: Replica) throws -> (records: Int, nominations: Int) {
        guard replica.role == .board else {
            throw SyncError(.forbidden, "\(replica.path) belongs to a \(replica.role.rawValue) node; demo data is written at the board (it writes every province and the decisions)")
        }
        var written = 0
        for province in ReferenceData.provinces {
            let writes = provinceWrites(province.code)
            try replica.write(writes)
            written += writes.count
        }
        let undecided = try replica.rows(TableQuery("nominations", where: [.equals("year", .integer(Int64(year))), .equals("board_status", .null)]))
        let nominations = undecided.map { (id: $0.id, code: $0["title_code"].textValue ?? $0["award_form_code"].textValue ?? "") }
        let decisions = decisions(on: nominations)
        try replica.write(decisions)
        return (written + decisions.count, nominations.count)
    }
}
