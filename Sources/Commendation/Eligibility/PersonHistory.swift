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
        var history = PersonHistory(personID: personID)
        for row in try replica.rows(TableQuery("person_years", where: [.equals("person_id", .text(personID))])) {
            guard case .integer(let year) = row["year"] else { continue }
            history.years[Int(year)] = Self.year(from: row)
        }
        history.initiatives = try replica.rows(TableQuery("initiatives", where: [.equals("person_id", .text(personID))])).compactMap { row in
            guard case .integer(let year) = row["year"], case .text(let level) = row["level"] else { return nil }
            return Initiative(id: row.id, year: Int(year), level: level, usedBy: row["used_by"].textValue)
        }
        return history
    }

    /// The yearly records of the members of unit `unitID` in `year` (for a collective's checks).
    public static func members(of unitID: String, in year: Int, from replica: Replica) throws -> [Year] {
        try replica.rows(TableQuery("person_years", where: [.equals("unit_id", .text(unitID)), .equals("year", .integer(Int64(year)))]))
            .map(Self.year)
    }

    /// A `person_years` row as the checks read it.
    static func year(from row: TableRow) -> Year {
        var year = Year()
        year.rating = row["task_rating"].textValue
        year.titles = Set(row["titles"].textListValue)
        year.awards = Set(row["awards"].textListValue)
        year.researchAccepted = row["research_accepted"] == .bool(true)
        year.disciplined = row["disciplined"] == .bool(true)
        return year
    }
}
