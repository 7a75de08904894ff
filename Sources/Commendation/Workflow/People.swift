import SyncCore

/// People's yearly records (`person_years`) and initiatives (sáng kiến), which eligibility checks
/// and the statistics read.
public enum People {
    /// One year of a person's record; fields left nil keep their values when the year exists.
    public struct YearRecord: Sendable {
        public var name: String?
        public var unit: String?
        /// `not_completed`, `completed`, `good` or `excellent`.
        public var rating: String?
        /// Emulation titles conferred for the year; nil keeps the list, a list replaces it.
        public var titles: [String]?
        /// Award forms decided in the year; nil keeps the list, a list replaces it.
        public var awards: [String]?
        public var researchAccepted: Bool?
        public var disciplined: Bool?
        public var directWorker: Bool?

        public init(name: String? = nil, unit: String? = nil, rating: String? = nil, titles: [String]? = nil, awards: [String]? = nil,
                    researchAccepted: Bool? = nil, disciplined: Bool? = nil, directWorker: Bool? = nil) {
            self.name = name
            self.unit = unit
            self.rating = rating
            self.titles = titles
            self.awards = awards
            self.researchAccepted = researchAccepted
            self.disciplined = disciplined
            self.directWorker = directWorker
        }
    }

    /// The id of a person's record for one year: `PERSON-YEAR`.
    public static func yearID(person: String, year: Int) -> String { "\(person)-\(year)" }

    /// Creates the person's record for `year` (in `scope`, asked for only then) or updates the
    /// fields `record` gives. Returns whether the year was created.
    @discardableResult
    public static func recordYear(_ record: YearRecord, person: String, year: Int, scope: () throws -> String, in replica: Replica) throws -> Bool {
        let key = RecordKey(collection: "person_years", id: yearID(person: person, year: year))
        var values: [String: FieldValue] = ["person_id": .text(person), "year": .integer(Int64(year))]
        values["person_name"] = record.name.map(FieldValue.text)
        values["unit_id"] = record.unit.map(FieldValue.text)
        values["task_rating"] = record.rating.map(FieldValue.text)
        values["titles"] = record.titles.map(FieldValue.textList)
        values["awards"] = record.awards.map(FieldValue.textList)
        values["research_accepted"] = record.researchAccepted.map(FieldValue.bool)
        values["disciplined"] = record.disciplined.map(FieldValue.bool)
        values["direct_worker"] = record.directWorker.map(FieldValue.bool)
        let exists = try replica.record(key).map { !$0.version.state.isDeleted } ?? false
        try replica.write(LocalWrite(key: key, operation: exists ? .update : .create(scope: try scope()), values: values))
        return !exists
    }

    /// Records an initiative of `person` recognised at `level` (`unit`, `ministry_or_province`,
    /// `national`) in `year`, under `id`.
    public static func addInitiative(_ title: String, person: String, year: Int, level: String, id: String, scope: String,
                                     in replica: Replica) throws {
        try replica.write(LocalWrite(key: RecordKey(collection: "initiatives", id: id), operation: .create(scope: scope),
                                     values: ["person_id": .text(person), "title": .text(title), "year": .integer(Int64(year)), "level": .text(level)]))
    }

    /// Ties initiative `id` to the one nomination it supports. An initiative supports one award
    /// only: one already tied to another nomination is `already_exists`.
    public static func useInitiative(_ id: String, for nomination: String, in replica: Replica) throws {
        let key = RecordKey(collection: "initiatives", id: id)
        guard let current = try replica.record(key), !current.version.state.isDeleted else { throw SyncError(.notFound, "no initiative \(id)") }
        if let other = replica.visibleValues(of: current.version)["used_by"]?.textValue, other != nomination {
            throw SyncError(.alreadyExists, "initiative \(id) already supports nomination \(other); an initiative supports one award only")
        }
        try replica.write(LocalWrite(key: key, operation: .update, values: ["used_by": .text(nomination)]))
    }
}
