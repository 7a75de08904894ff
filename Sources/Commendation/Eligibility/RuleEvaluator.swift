import SyncCore

/// Evaluates rule conditions for one nomination year against a person's history (or, for a
/// collective, its members' records of that year), saying what holds and what is missing.
struct RuleEvaluator {
    let year: Int
    let history: PersonHistory
    let members: [PersonHistory.Year]
    /// The nomination being checked: an initiative already supporting another one does not count.
    let nomination: String?

    /// Whether the condition holds, and a sentence saying why or what is missing.
    func evaluate(_ condition: RuleCondition) -> (Bool, String) {
        var reasons: [String] = []
        for alternative in condition.alternatives {
            let results = alternative.map(evaluate)
            if results.allSatisfy(\.0) { return (true, results.map(\.1).joined(separator: "; ")) }
            reasons.append(results.filter { !$0.0 }.map(\.1).joined(separator: " and "))
        }
        return (false, reasons.joined(separator: "; or "))
    }

    /// The years `n` back from the nomination's year, oldest first: `years(3)` for 2025 is 2023…2025.
    func years(_ n: Int) -> [Int] { n <= 0 ? [] : Array((year - n + 1)...year) }

    func range(_ n: Int) -> String { n <= 1 ? "\(year)" : "\(year - n + 1)–\(year)" }

    func evaluate(_ atom: RuleCondition.Atom) -> (Bool, String) {
        switch atom {
        case .titleEachYear(let code, let n):
            let missing = years(n).filter { !(history.years[$0]?.titles.contains(code) ?? false) }
            return missing.isEmpty ? (true, "\(code) in \(range(n))") : (false, "no \(code) in \(list(missing))")
        case .titleTimes(let code, let times, let n):
            let held = years(n).filter { history.years[$0]?.titles.contains(code) ?? false }
            return held.count >= times ? (true, "\(code) \(held.count) times in \(range(n))")
                : (false, "\(code) \(held.count) of the \(times) times needed in \(range(n))")
        case .ratingEachYear(let level, let n):
            let short = years(n).filter { !Self.atLeast(history.years[$0]?.rating, level) }
            let detail = short.map { "\($0): \(history.years[$0]?.rating ?? "no rating")" }.joined(separator: ", ")
            return short.isEmpty ? (true, "rated \(level) or better in \(range(n))") : (false, "rated below \(level) in \(detail)")
        case .initiatives(let level, let count, let n):
            let window = Set(years(n))
            let usable = history.initiatives.filter { window.contains($0.year) && Self.levelAtLeast($0.level, level) }
            let free = usable.filter { $0.usedBy == nil || $0.usedBy == nomination }
            let taken = usable.filter { $0.usedBy != nil && $0.usedBy != nomination }
            let note = taken.isEmpty ? "" : " (\(taken.map { "\($0.id) already supports \($0.usedBy!)" }.joined(separator: ", ")))"
            return free.count >= count ? (true, "\(free.count) initiative(s) at \(level) level or higher in \(range(n)): \(free.map(\.id).joined(separator: ", "))")
                : (false, "\(free.count) of \(count) initiative(s) at \(level) level or higher in \(range(n))\(note)")
        case .research(let n):
            let found = years(n).contains { history.years[$0]?.researchAccepted ?? false }
            return found ? (true, "research accepted in \(range(n))") : (false, "no accepted research in \(range(n))")
        case .awardBefore(let code):
            let when = history.years.keys.filter { $0 < year && history.years[$0]!.awards.contains(code) }.sorted()
            return when.isEmpty ? (false, "no \(code) before \(year)") : (true, "\(code) in \(when.map(String.init).joined(separator: ", "))")
        case .noDiscipline(let n):
            let disciplined = years(n).filter { history.years[$0]?.disciplined ?? false }
            return disciplined.isEmpty ? (true, "no discipline in \(range(n))") : (false, "disciplined in \(list(disciplined))")
        case .membersRating(let level, let share):
            let count = members.filter { Self.atLeast($0.rating, level) }.count
            return shareHolds(count, share, what: "rated \(level) or better")
        case .membersTitleShare(let code, let share):
            return shareHolds(members.filter { $0.titles.contains(code) }.count, share, what: "\(code)")
        case .membersTitleCount(let code, let needed):
            let count = members.filter { $0.titles.contains(code) }.count
            return count >= needed ? (true, "\(count) member(s) \(code) in \(year)") : (false, "\(count) of \(needed) member(s) \(code) in \(year)")
        }
    }

    /// Whether `count` members of all are at least `share` percent (none at all never holds).
    func shareHolds(_ count: Int, _ share: Int, what: String) -> (Bool, String) {
        guard !members.isEmpty else { return (false, "no member records for \(year)") }
        let holds = count * 100 >= share * members.count
        let percent = Double(count * 100) / Double(members.count)
        let text = "\(count) of \(members.count) members \(what) in \(year) (\(Int(percent.rounded(.down)))%, \(share)% needed)"
        return (holds, text)
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
