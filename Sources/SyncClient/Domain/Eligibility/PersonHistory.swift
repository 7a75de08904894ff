import Foundation
import GRDB
import SyncCore

/// What eligibility checks read about a person: their yearly records and initiatives, from the
/// replica's typed tables (visible values), as of what this replica holds.
public struct PersonHistory: Sendable {
    public struct Year: Sendable {
        public var rating: String?
        public var titles: Set<String> = []
        public var awards: Set<String> = []
        public var researchAccepted = false
        public var disciplined = false
    }

    public struct Initiative: Sendable {
        public let id: String
        public let year: Int
        public let level: String
        public let usedBy: String?
    }

    public let personID: String
    public var years: [Int: Year]
    public var initiatives: [Initiative]

    public init(personID: String, years: [Int: Year] = [:], initiatives: [Initiative] = []) {
        self.personID = personID
        self.years = years
        self.initiatives = initiatives
    }

    /// The person's history as `replica` holds it.
    public static func load(_ personID: String, from replica: Replica) throws -> PersonHistory {
        try replica.withReadAccess { db in
            var history = PersonHistory(personID: personID)
            for row in try Row.fetchAll(db, sql: "SELECT * FROM person_years WHERE person_id = ?", arguments: [personID]) {
                guard let year = try row.decode(Int?.self, forColumn: "year") else { continue }
                history.years[year] = try Self.year(from: row)
            }
            history.initiatives = try Row.fetchAll(db, sql: "SELECT id, year, level, used_by FROM initiatives WHERE person_id = ?",
                                                   arguments: [personID]).compactMap { row in
                guard let year = try row.decode(Int?.self, forColumn: "year"),
                      let level = try row.decode(String?.self, forColumn: "level") else { return nil }
                return Initiative(id: try row.decode(String.self, forColumn: "id"), year: year, level: level,
                                  usedBy: try row.decode(String?.self, forColumn: "used_by"))
            }
            return history
        }
    }

    /// The yearly records of the members of unit `unitID` in `year` (for a collective's checks).
    public static func members(of unitID: String, in year: Int, from replica: Replica) throws -> [Year] {
        try replica.withReadAccess { db in
            try Row.fetchAll(db, sql: "SELECT * FROM person_years WHERE unit_id = ? AND year = ?", arguments: [unitID, year]).map(Self.year)
        }
    }

    /// A `person_years` row; throws (never crashes) on a value of the wrong type in a damaged file.
    static func year(from row: Row) throws -> Year {
        var year = Year()
        year.rating = try row.decode(String?.self, forColumn: "task_rating")
        year.titles = Set(list(try row.decode(String?.self, forColumn: "titles")))
        year.awards = Set(list(try row.decode(String?.self, forColumn: "awards")))
        year.researchAccepted = try row.decode(Int?.self, forColumn: "research_accepted") == 1
        year.disciplined = try row.decode(Int?.self, forColumn: "disciplined") == 1
        return year
    }

    /// A text list as the typed tables store it (a JSON array).
    static func list(_ json: String?) -> [String] {
        guard let json, let items = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return [] }
        return items
    }
}
