/// The Vietnamese words of eligibility checks: the rating levels and initiative levels as the
/// law names them, and each rule condition as a sentence a clerk reads.
public enum EligibilityWords {
    /// `good` → `hoàn thành tốt nhiệm vụ`; an unknown level as written.
    public static func rating(_ level: String) -> String {
        switch level {
        case "not_completed": "không hoàn thành nhiệm vụ"
        case "completed": "hoàn thành nhiệm vụ"
        case "good": "hoàn thành tốt nhiệm vụ"
        case "excellent": "hoàn thành xuất sắc nhiệm vụ"
        default: level
        }
    }

    /// `ministry_or_province` → `cấp bộ, ngành, tỉnh`; an unknown level as written.
    public static func initiativeLevel(_ level: String) -> String {
        switch level {
        case "unit": "cấp cơ sở"
        case "ministry_or_province": "cấp bộ, ngành, tỉnh"
        case "national": "cấp toàn quốc"
        default: level
        }
    }

    /// A rule line in Vietnamese: `title CSTDCS years=2 & rating excellent years=1` → `Đạt
    /// CSTDCS trong mỗi năm của 2 năm gần nhất và …`; a line that does not parse, as written.
    public static func condition(_ line: String) -> String {
        guard let condition = try? RuleCondition(parsing: line) else { return line }
        return condition.alternatives.map { $0.map(atom).joined(separator: " và ") }.joined(separator: "; hoặc ")
    }

    static func atom(_ atom: RuleCondition.Atom) -> String {
        switch atom {
        case .titleEachYear(let code, let n): "Đạt \(code) \(each(n))"
        case .titleTimes(let code, let times, let n): "Đạt \(code) ít nhất \(times) lần trong \(n) năm gần nhất"
        case .ratingEachYear(let level, let n): "Được đánh giá từ mức \(rating(level)) trở lên \(each(n))"
        case .initiatives(let level, let count, let n):
            "Có \(count) sáng kiến \(initiativeLevel(level)) trở lên trong \(n) năm gần nhất, chưa dùng cho hồ sơ khác"
        case .research(let n): "Có đề tài khoa học được nghiệm thu trong \(n) năm gần nhất"
        case .awardBefore(let code): "Đã được tặng \(code) trước năm xét"
        case .noDiscipline(let n): "Không bị kỷ luật trong \(n) năm gần nhất"
        case .membersRating(let level, let share): "Ít nhất \(share)% thành viên được đánh giá từ mức \(rating(level)) trở lên"
        case .membersTitleShare(let code, let share): "Ít nhất \(share)% thành viên đạt \(code)"
        case .membersTitleCount(let code, let count): "Ít nhất \(count) thành viên đạt \(code)"
        }
    }

    /// `trong năm xét` for 1, `trong mỗi năm của N năm gần nhất` otherwise.
    static func each(_ n: Int) -> String { n <= 1 ? "trong năm xét" : "trong mỗi năm của \(n) năm gần nhất" }

    /// `2025-03-01` → `01/03/2025`.
    static func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-")
        return parts.count == 3 ? "\(parts[2])/\(parts[1])/\(parts[0])" : iso
    }
}
