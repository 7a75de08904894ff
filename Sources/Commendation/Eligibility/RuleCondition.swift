import Foundation
import SyncCore

/// One line of an eligibility rule, parsed: alternatives (`|`), each a conjunction (`&`) of
/// atoms. Periods count back from the nomination's year: `years=3` for 2025 means 2023–2025.
///
/// | atom | holds when |
/// |---|---|
/// | `title CODE years=N` | the person holds title CODE in each of the last N years |
/// | `title CODE times=K within=N` | … in at least K of the last N years |
/// | `rating LEVEL years=N` | the task rating is LEVEL or better in each of the last N years |
/// | `initiative LEVEL count=K within=N` | K initiatives at LEVEL or higher were recognised in the last N years, none supporting another nomination |
/// | `research within=N` | a research project was accepted in the last N years |
/// | `award CODE before` | the person received award CODE in an earlier year |
/// | `no_discipline within=N` | no discipline in the last N years |
/// | `members_rating LEVEL share=P` | (a collective) at least P% of its members are rated LEVEL or better |
/// | `members_title CODE share=P` / `count=K` | at least P% (or K) of its members hold title CODE in the year |
public struct RuleCondition: Sendable, Equatable, CustomStringConvertible {
    public enum Atom: Sendable, Equatable {
        case titleEachYear(code: String, years: Int)
        case titleTimes(code: String, times: Int, within: Int)
        case ratingEachYear(level: String, years: Int)
        case initiatives(level: String, count: Int, within: Int)
        case research(within: Int)
        case awardBefore(code: String)
        case noDiscipline(within: Int)
        case membersRating(level: String, share: Int)
        case membersTitleShare(code: String, share: Int)
        case membersTitleCount(code: String, count: Int)
    }

    /// Any one alternative must hold; every atom of an alternative must hold.
    public let alternatives: [[Atom]]
    /// The line as written.
    public let description: String

    /// Parses one line; `bad_change` naming the line and what is wrong.
    public init(parsing line: String) throws {
        description = line
        alternatives = try line.components(separatedBy: "|").map { alternative in
            try alternative.components(separatedBy: "&").map { try Self.atom($0, line: line) }
        }
    }

    private static func atom(_ text: String, line: String) throws -> Atom {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first else { throw problem(line, "an empty condition") }
        var named: [String: Int] = [:]
        var plain: [String] = []
        for word in words.dropFirst() {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                guard let n = Int(parts[1]), n >= 0 else { throw problem(line, "'\(word)' needs a whole number") }
                named[parts[0]] = n
            } else {
                plain.append(word)
            }
        }
        func number(_ key: String) throws -> Int {
            guard let n = named[key] else { throw problem(line, "'\(verb)' needs \(key)=N") }
            return n
        }
        func word() throws -> String {
            guard let first = plain.first else { throw problem(line, "'\(verb)' needs a code or level") }
            return first
        }
        func level(_ levels: [String]) throws -> String {
            let level = try word()
            guard levels.contains(level) else { throw problem(line, "'\(level)' is not one of \(levels.joined(separator: ", "))") }
            return level
        }
        switch verb {
        case "title" where named["times"] != nil: return .titleTimes(code: try word(), times: try number("times"), within: try number("within"))
        case "title": return .titleEachYear(code: try word(), years: try number("years"))
        case "rating": return .ratingEachYear(level: try level(CollectionSpec.taskRatings), years: try number("years"))
        case "initiative": return .initiatives(level: try level(CollectionSpec.initiativeLevels), count: try number("count"), within: try number("within"))
        case "research": return .research(within: try number("within"))
        case "award" where plain.count == 2 && plain[1] == "before": return .awardBefore(code: plain[0])
        case "no_discipline": return .noDiscipline(within: try number("within"))
        case "members_rating": return .membersRating(level: try level(CollectionSpec.taskRatings), share: try number("share"))
        case "members_title" where named["share"] != nil: return .membersTitleShare(code: try word(), share: try number("share"))
        case "members_title": return .membersTitleCount(code: try word(), count: try number("count"))
        default: throw problem(line, "'\(text.trimmingCharacters(in: .whitespaces))' is not a condition the rule language knows")
        }
    }

    private static func problem(_ line: String, _ what: String) -> SyncError {
        SyncError(.badChange, "eligibility condition '\(line.prefix(120))': \(what)")
    }
}
