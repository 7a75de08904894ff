import Foundation
import SyncCore

/// A realistic national data set for demonstrations and reports: the 34 provinces of 2025, the
/// catalog's codes, Vietnamese names drawn with real surname frequencies, five years of people's
/// records, initiatives, campaigns, a year of nominations and the board's decisions. Seeded, so
/// the same seed gives the same data.
public struct DemoData: Sendable {
    public let year: Int
    public let peoplePerProvince: Int
    private var rng: DemoRandom

    public init(year: Int = 2025, peoplePerProvince: Int = 40, seed: UInt64 = 2025) {
        self.year = year
        self.peoplePerProvince = peoplePerProvince
        rng = DemoRandom(seed: seed)
    }

    /// Surnames with their approximate shares of the population (per mille).
    static let surnames: [(String, Int)] = [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21), ("Phan", 45), ("Vũ", 22), ("Võ", 17),
        ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 7), ("Trịnh", 5), ("Mai", 4),
        ("Đào", 4), ("Lương", 3), ("Cao", 3), ("Hà", 3), ("Tạ", 2),
    ]
    static let middle = (male: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tuấn"],
                         female: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương", "Minh"])
    static let given = (male: ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Đạt", "Đức"],
                        female: ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Phương", "Thảo", "Trang", "Vân", "Yến"])
    static let units = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Bệnh viện Đa khoa tỉnh",
                        "Trường THPT chuyên", "Công ty Điện lực", "Cục Thuế", "Công an tỉnh"]
    static let achievements = ["Hoàn thành xuất sắc nhiệm vụ được giao", "Có sáng kiến cải tiến quy trình, tiết kiệm chi phí",
                               "Dẫn đầu phong trào thi đua của ngành", "Số hóa hồ sơ thủ tục hành chính", "Tận tụy phục vụ nhân dân"]

    /// A full name drawn with the surname frequencies above.
    mutating func name() -> String {
        let female = rng.chance(0.5)
        var pick = rng.below(Self.surnames.reduce(0) { $0 + $1.1 })
        var surname = Self.surnames[0].0
        for (name, share) in Self.surnames { if pick < share { surname = name; break }; pick -= share }
        let middle = female ? Self.middle.female : Self.middle.male, given = female ? Self.given.female : Self.given.male
        return "\(surname) \(middle[rng.below(middle.count)]) \(given[rng.below(given.count)])"
    }

    /// Every write of the data set for one province, in an order a replica accepts.
    public mutating func provinceWrites(_ code: String) -> [LocalWrite] {
        var writes: [LocalWrite] = []
        let provinceName = ReferenceData.provinces.first { $0.code == code }?.name ?? code
        let units = Self.units.prefix(4).enumerated().map { index, name in ("\(code)-dv\(index + 1)", "\(name) \(provinceName)") }
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
            let person = "\(code)-\(String(format: "%04d", p + 1))", name = name(), unit = units[rng.below(units.count)].0
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
                                             values: ["person_id": .text(person), "title": .text("Sáng kiến \(Self.achievements[rng.below(Self.achievements.count)].lowercased())"),
                                                      "year": .integer(Int64(y)), "level": .text(rng.pick([("unit", 80), ("ministry_or_province", 17), ("national", 3)]))]))
                }
            }
            // Who is put forward this year, and for what.
            guard let nominated = nomination(titles: titlesByYear) else { continue }
            var values: [String: FieldValue] = ["nominee_name": .text(name), "nominee_kind": .text("individual"), "year": .integer(Int64(year)),
                                                "status": .text("submitted"), "unit_id": .text(unit), "person_id": .text(person),
                                                "achievements": .text(Self.achievements[rng.below(Self.achievements.count)]),
                                                "campaign_id": .text("\(code)-pt\(year)-\(rng.chance(0.8) ? 1 : 2)")]
            values[nominated.isTitle ? "title_code" : "award_form_code"] = .text(nominated.code)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: "\(person)-\(year)"), operation: .create(scope: code), values: values))
        }
        for (id, name) in units where rng.chance(0.5) {
            let code2 = rng.pick([("TTLDXS", 60), ("CO_BO", 20), ("HCLD3", 15), ("CO_CP", 5)])
            var values: [String: FieldValue] = ["nominee_name": .text(name), "nominee_kind": .text("collective"), "year": .integer(Int64(year)),
                                                "status": .text("submitted"), "unit_id": .text(id), "campaign_id": .text("\(code)-pt\(year)-1")]
            values[["TTLDXS", "CO_BO", "CO_CP"].contains(code2) ? "title_code" : "award_form_code"] = .text(code2)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: "\(id)-\(year)"), operation: .create(scope: code), values: values))
        }
        return writes
    }

    private mutating func nomination(titles: [Int: [String]]) -> (code: String, isTitle: Bool)? {
        let cstdcs = (year - 4...year).filter { titles[$0]?.contains("CSTDCS") ?? false }.count
        switch rng.below(100) {
        case 0..<30 where titles[year]?.contains("LDTT") ?? false: return ("CSTDCS", true)
        case 30..<42 where cstdcs >= 2: return ("BK_BO", false)
        case 42..<48 where cstdcs >= 3: return ("CSTD_BO", true)
        case 48..<52: return ("BK_TTG", false)
        case 52..<54: return ("HCLD3", false)
        case 54..<55: return ("CSTD_TQ", true)
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
            let month = 1 + rng.below(12), day = 1 + rng.below(28)
            return LocalWrite(key: RecordKey(collection: "nominations", id: nomination.id), operation: .update, values: [
                "board_status": .text("approved"), "decision_number": .text("\(number)/QĐ-\(issuer)"),
                "decision_date": .text(String(format: "%04d-%02d-%02d", year, month, day)),
                "decision_authority": .text(issuer == "TTg" ? "Thủ tướng Chính phủ" : issuer == "CTN" ? "Chủ tịch nước" : "Chủ tịch UBND tỉnh")])
        }
    }
}

/// SplitMix64 with the few draws the data set needs.
struct DemoRandom: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func pick(_ weighted: [(String, Int)]) -> String {
        var roll = below(weighted.reduce(0) { $0 + $1.1 })
        for (value, weight) in weighted { if roll < weight { return value }; roll -= weight }
        return weighted[0].0
    }
}
