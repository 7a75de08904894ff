import SyncCore

/// The material generated data is drawn from: Vietnamese names with their surnames' shares of the
/// population, units, achievements, the catalog codes nominations propose, dates within a year.
/// Shared by `DemoData` and `NominationGenerator`.
enum SampleData {
    /// Surnames with their approximate shares of the population (per mille).
    static let surnames = WeightedChoice<String>([
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21), ("Phan", 45), ("Vũ", 22), ("Võ", 17),
        ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 7), ("Trịnh", 5), ("Mai", 4),
        ("Đào", 4), ("Lương", 3), ("Cao", 3), ("Hà", 3), ("Tạ", 2),
    ])
    static let middle = (male: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Tuấn"],
                         female: ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Phương", "Minh"])
    static let given = (male: ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Hưng", "Khánh", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Đạt", "Đức"],
                        female: ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Ngọc", "Phương", "Thảo", "Trang", "Vân", "Yến"])
    static let units = ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Bệnh viện Đa khoa tỉnh",
                        "Trường THPT chuyên", "Công ty Điện lực", "Cục Thuế", "Công an tỉnh"]
    static let achievements = ["Hoàn thành xuất sắc nhiệm vụ được giao", "Có sáng kiến cải tiến quy trình, tiết kiệm chi phí",
                               "Dẫn đầu phong trào thi đua của ngành", "Số hóa hồ sơ thủ tục hành chính", "Tận tụy phục vụ nhân dân"]

    /// What a unit's collective is put forward for (title or award form codes of the catalog).
    static let collectiveAwards = WeightedChoice<String>([("TTLDXS", 60), ("CO_BO", 20), ("HCLD3", 15), ("CO_CP", 5)])
    /// What an individual is put forward for when no history decides it.
    static let individualAwards = WeightedChoice<String>([
        ("CSTDCS", 30), ("GK", 20), ("BK_BO", 15), ("CSTD_BO", 6), ("BK_TTG", 4), ("KNC", 3), ("HCLD3", 2), ("CSTD_TQ", 1),
    ])
    /// The catalog's emulation titles (`title_code`); every other code is an award form (`award_form_code`).
    static let titleCodes = Set(ReferenceData.awardTypes.filter { AwardCategory.titles.contains($0.category) }.map(\.code))

    /// The field a nomination for `code` names it in.
    static func codeField(_ code: String) -> String { titleCodes.contains(code) ? "title_code" : "award_form_code" }

    /// A full name drawn with the surname shares above, half of them women's.
    static func name(using rng: inout SeededRandom) -> String {
        let female = rng.chance(0.5)
        let surname = surnames.draw(using: &rng)
        let middleName = rng.element(of: female ? middle.female : middle.male)
        let givenName = rng.element(of: female ? given.female : given.male)
        return surname + " " + middleName + " " + givenName
    }

    /// Months weighted as commendation work runs through a year (approximately): the year-end
    /// review in December, anniversaries in April, September and November.
    static let months = WeightedChoice<Int>([(1, 6), (2, 4), (3, 5), (4, 9), (5, 7), (6, 6), (7, 6), (8, 8), (9, 9), (10, 7), (11, 11), (12, 22)])

    /// A real date in `year`, its month drawn from `months`.
    static func date(in year: Int, using rng: inout SeededRandom) -> CivilDate {
        let month = months.draw(using: &rng)
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return CivilDate(year: year, month: month, day: 1 + rng.below(days))!
    }

    /// An achievement summary; often the initiative behind it, with the day it was recognised.
    static func achievement(in year: Int, using rng: inout SeededRandom) -> String {
        let summary = rng.element(of: achievements)
        guard rng.chance(0.6) else { return summary }
        let date = date(in: year, using: &rng)
        return summary + "; sáng kiến được Hội đồng sáng kiến công nhận ngày " + formatVietnameseDate(date)
    }
}
