/// Reference data every replica of a schema is seeded with (lists of codes, rules): record versions
/// authored by the reserved node `seed`, identical in every replica, so seeding never conflicts
/// and puts nothing in an outbox.
///
/// Editions: a seeded version's vector is `{seed: E}`, E the edition that last changed the record,
/// and each value carries the dot `seed:E'` of the edition E' that introduced it. A replica
/// applies every seeded version whose record it lacks or holds at a lower edition — when it is
/// created, and again whenever it is opened by a program with newer reference data. The merge
/// keeps what nodes wrote since (their dots are never covered by the seed), and only the values a
/// new edition adds or changes take new seed dots.
public struct SeedData: Sendable {
    /// The seeded versions, in the order they are applied.
    public let versions: [RecordVersion]
    private let byKey: [RecordKey: RecordVersion]

    public init(_ versions: [RecordVersion] = []) {
        self.versions = versions
        self.byKey = Dictionary(versions.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The seeded version of `key`, or nil when the record is not reference data.
    public subscript(key: RecordKey) -> RecordVersion? { byKey[key] }

    /// The edition a seeded version is at: its vector's entry for `seed`.
    public static func edition(of state: RecordState) -> UInt64 { state.vv[.seed] }
}

/// One step of a database's shape, stated as SQL that never changes once shipped: a later change
/// is a new migration that states its own tables and columns. Its identifier is recorded in the
/// file (GRDB's `grdb_migrations`), so it is never renamed either.
public struct SQLMigration: Sendable {
    /// The name recorded in the file once the migration ran.
    public let identifier: String
    /// The statements, run in one transaction.
    public let sql: String

    public init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}
