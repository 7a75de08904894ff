import SyncCore

/// Evaluates rule conditions for one nomination year against a person's history (or, for a
/// collective, its members' records of that year), saying what holds and what is missing, in
/// English (the CLI's) and Vietnamese (the web app's).
struct RuleEvaluator {
    let year: Int
    let history: PersonHistory
    let members: [PersonHistory.Year]
    /// The nomination being checked: an initiative already supporting another one does not count.
    let nomination: String?

    /// Whether a condition holds, and a sentence in each language saying why or what is missing.
    struct Verdict {
        let met: Bool
        let english: String
        let vietnamese: String

        init(_ met: Bool, _ english: String, _ vietnamese: String) {
            self.met = met
            self.english = english
            self.vietnamese = vietnamese
        }

        /// The verdicts joined: `separator` in English, `vi` in Vietnamese.
        static func joined(_ verdicts: [Verdict], met: Bool, _ separator: String, _ vi: String) -> Verdict {
            Verdict(met, verdicts.map(\.english).joined(separator: separator), verdicts.map(\.vietnamese).joined(separator: vi))
        }
    }

    /// Holds when one alternative holds whole; otherwise says what each alternative misses.
    func evaluate(_ condition: RuleCondition) -> Verdict {
        var missing: [Verdict] = []
        for alternative in condition.alternatives {
            let results = alternative.map(evaluate)
            if results.allSatisfy(\.met) { return .joined(results, met: true, "; ", "; ") }
            missing.append(.joined(results.filter { !$0.met }, met: false, " and ", " và "))
        }
        return .joined(missing, met: false, "; or ", "; hoặc ")
    }

    /// The years `n` back from the nomination's year, oldest first: `years(3)` for 2025 is 2023…2025.
    func years(_ n: Int) -> [Int] { n <= 0 ? [] : Array((year - n + 1)...year) }

    func range(_ n: Int) -> String { n <= 1 ? "\(year)" : "\(year - n + 1)–\(year)" }
    /// `năm 2025`, `các năm 2023–2025`.
    func rangeVi(_ n: Int) -> String { n <= 1 ? "năm \(year)" : "các năm \(year - n + 1)–\(year)" }

    func evaluate(_ atom: RuleCondition.Atom) -> Verdict {
        switch atom {
        case .titleEachYear(let code, let n):
            let missing = years(n).filter { !(history.years[$0]?.titles.contains(code) ?? false) }
            return missing.isEmpty ? Verdict(true, "\(code) in \(range(n))", "đạt \(code) \(rangeVi(n))")
                : Verdict(false, "no \(code) in \(list(missing))", "không có \(code) năm \(list(missing))")
        case .titleTimes(let code, let times, let n):
            let held = years(n).filter { history.years[$0]?.titles.contains(code) ?? false }
            return held.count >= times ? Verdict(true, "\(code) \(held.count) times in \(range(n))", "đạt \(code) \(held.count) lần trong \(rangeVi(n))")
                : Verdict(false, "\(code) \(held.count) of the \(times) times needed in \(range(n))",
                          "đạt \(code) \(held.count) lần, cần \(times) lần trong \(rangeVi(n))")
        case .ratingEachYear(let level, let n):
            let short = years(n).filter { !Self.atLeast(history.years[$0]?.rating, level) }
            let detail = short.map { "\($0): \(history.years[$0]?.rating ?? "no rating")" }.joined(separator: ", ")
            let detailVi = short.map { "năm \($0): \(history.years[$0]?.rating.map(EligibilityWords.rating) ?? "chưa có đánh giá")" }.joined(separator: ", ")
            return short.isEmpty ? Verdict(true, "rated \(level) or better in \(range(n))", "được đánh giá từ mức \(EligibilityWords.rating(level)) trở lên \(rangeVi(n))")
                : Verdict(false, "rated below \(level) in \(detail)", "đánh giá dưới mức \(EligibilityWords.rating(level)): \(detailVi)")
        case .initiatives(let level, let count, let n):
            let window = Set(years(n))
            let usable = history.initiatives.filter { window.contains($0.year) && Self.levelAtLeast($0.level, level) }
            let free = usable.filter { $0.usedBy == nil || $0.usedBy == nomination }
            let taken = usable.filter { $0.usedBy != nil && $0.usedBy != nomination }
            let note = taken.isEmpty ? "" : " (\(taken.map { "\($0.id) already supports \($0.usedBy!)" }.joined(separator: ", ")))"
            let noteVi = taken.isEmpty ? "" : " (\(taken.map { "\($0.id) đã dùng cho hồ sơ \($0.usedBy!)" }.joined(separator: ", ")))"
            let levelVi = EligibilityWords.initiativeLevel(level)
            return free.count >= count
                ? Verdict(true, "\(free.count) initiative(s) at \(level) level or higher in \(range(n)): \(free.map(\.id).joined(separator: ", "))",
                          "\(free.count) sáng kiến \(levelVi) trở lên trong \(rangeVi(n)): \(free.map(\.id).joined(separator: ", "))")
                : Verdict(false, "\(free.count) of \(count) initiative(s) at \(level) level or higher in \(range(n))\(note)",
                          "\(free.count)/\(count) sáng kiến \(levelVi) trở lên trong \(rangeVi(n))\(noteVi)")
        case .research(let n):
            let found = years(n).contains { history.years[$0]?.researchAccepted ?? false }
            return found ? Verdict(true, "research accepted in \(range(n))", "có đề tài khoa học được nghiệm thu trong \(rangeVi(n))")
                : Verdict(false, "no accepted research in \(range(n))", "không có đề tài khoa học được nghiệm thu trong \(rangeVi(n))")
        case .awardBefore(let code):
            let when = history.years.keys.filter { $0 < year && history.years[$0]!.awards.contains(code) }.sorted()
            return when.isEmpty ? Verdict(false, "no \(code) before \(year)", "chưa được tặng \(code) trước năm \(year)")
                : Verdict(true, "\(code) in \(list(when))", "được tặng \(code) năm \(list(when))")
        case .noDiscipline(let n):
            let disciplined = years(n).filter { history.years[$0]?.disciplined ?? false }
            return disciplined.isEmpty ? Verdict(true, "no discipline in \(range(n))", "không bị kỷ luật trong \(rangeVi(n))")
                : Verdict(false, "disciplined in \(list(disciplined))", "bị kỷ luật năm \(list(disciplined))")
        case .membersRating(let level, let share):
            let count = members.filter { Self.atLeast($0.rating, level) }.count
            return shareHolds(count, share, what: "rated \(level) or better", whatVi: "được đánh giá từ mức \(EligibilityWords.rating(level)) trở lên")
        case .membersTitleShare(let code, let share):
            return shareHolds(members.filter { $0.titles.contains(code) }.count, share, what: "\(code)", whatVi: "đạt \(code)")
        case .membersTitleCount(let code, let needed):
            let count = members.filter { $0.titles.contains(code) }.count
            return count >= needed ? Verdict(true, "\(count) member(s) \(code) in \(year)", "\(count) thành viên đạt \(code) năm \(year)")
                : Verdict(false, "\(count) of \(needed) member(s) \(code) in \(year)", "\(count)/\(needed) thành viên đạt \(code) năm \(year)")
        }
    }

    /// Whether `count` members of all are at least `share` percent (none at all never holds).
    func shareHolds(_ count: Int, _ share: Int, what: String, whatVi: String) -> Verdict {
        guard !members.isEmpty else { return Verdict(false, "no member records for \(year)", "không có hồ sơ thành viên năm \(year)") }
        let holds = count * 100 >= share * members.count
        let percent = Int((Double(count * 100) / Double(members.count)).rounded(.down))
        return Verdict(holds, "\(count) of \(members.count) members \(what) in \(year) (\(percent)%, \(share)% needed)",
                       "\(count)/\(members.count) thành viên \(whatVi) năm \(year) (\(percent)%, cần \(share)%)")
    }

    func list(_ years: [Int]) -> String { years.map(String.init).joined(separator: ", ") }

    static func atLeast(_ rating: String?, _ level: String) -> Bool {
        guard let rating, let have = CollectionSpec.taskRatings.firstIndex(of: rating),
              let need = CollectionSpec.taskRatings.firstIndex(of: level) else { return false }
        return have >= need
    }

    static func levelAtLeast(_ level: String, _ needed: String) -> Bool {
        (CollectionSpec.initiativeLevels.firstIndex(of: level) ?? -1) >= (CollectionSpec.initiativeLevels.firstIndex(of: needed) ?? .max)
    }
}
