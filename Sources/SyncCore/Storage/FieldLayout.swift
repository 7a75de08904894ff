import GRDB

/// The positions of one collection's fields in its records' stored states: fixed for the life of
/// the replica file (kept in `_fields`), so a state written today reads the same whatever the
/// schema declares later. New fields take the next free position; a field the schema drops keeps
/// its position, so older states still read.
struct FieldLayout: Sendable {
    /// Field names by position.
    let names: [String]
    /// Position of each name.
    let positions: [String: Int]
    /// Positions in the byte order of their names: the order of fields in canonical JSON.
    let jsonOrder: [Int]
    /// Each name as a JSON key (`"name":`), by position, for writing wire JSON straight from a state.
    let jsonKeys: [[UInt8]]

    init(names: [String]) {
        self.names = names
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        jsonOrder = names.indices.sorted { utf8Precedes(names[$0], names[$1]) }
        jsonKeys = names.map { name in
            var w = JSONWriter()
            w.string(name)
            return w.bytes + [UInt8(ascii: ":")]
        }
    }

    /// The layouts in a replica file, extended with the fields `schema` declares that the file has
    /// no position for yet (written to `_fields`, so run it in a write transaction when
    /// `missing(in:)` says so).
    static func load(_ db: Database, schema: Schema) throws -> [String: FieldLayout] {
        var names: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT collection, name FROM _fields ORDER BY collection, position") {
            names[row[0], default: []].append(row[1])
        }
        return names.mapValues(FieldLayout.init(names:))
    }

    /// The (collection, name) pairs `schema` declares that the stored layouts lack, in the order
    /// they take positions: `_deleted` first, then the declared order.
    static func missing(in layouts: [String: FieldLayout], schema: Schema) -> [(collection: String, name: String)] {
        schema.collections.flatMap { spec in
            ([RecordState.deletedField] + spec.fields.map(\.name))
                .filter { layouts[spec.name]?.positions[$0] == nil }
                .map { (collection: spec.name, name: $0) }
        }
    }

    /// Gives every missing field the next position of its collection.
    static func extend(_ db: Database, with missing: [(collection: String, name: String)]) throws {
        for field in missing {
            try db.execute(sql: """
                INSERT INTO _fields (collection, position, name)
                VALUES (?, (SELECT coalesce(max(position) + 1, 0) FROM _fields WHERE collection = ?), ?)
                """, arguments: [field.collection, field.collection, field.name])
        }
    }
}
