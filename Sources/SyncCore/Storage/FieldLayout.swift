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
    /// The names in byte order (`names` at `jsonOrder`), for `FieldMap.walk(alongside:)`.
    let namesInByteOrder: [String]
    /// Each position's index in `namesInByteOrder` (the inverse of `jsonOrder`).
    let byteOrderIndex: [Int]
    /// Each name as a JSON key (`"name":`), by position, for writing wire JSON straight from a state.
    let jsonKeys: [[UInt8]]

    init(names: [String]) {
        self.names = names
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        jsonOrder = names.indices.sorted { utf8Precedes(names[$0], names[$1]) }
        namesInByteOrder = jsonOrder.map { names[$0] }
        var inverse = [Int](repeating: 0, count: names.count)
        for (index, position) in jsonOrder.enumerated() { inverse[position] = index }
        byteOrderIndex = inverse
        jsonKeys = names.map { name in
            var w = JSONWriter()
            w.string(name)
            return w.bytes + [UInt8(ascii: ":")]
        }
    }

    /// The layouts in the replica file at `path`; a damaged `_fields` is `replica_unusable`.
    static func load(_ db: Database, path: String) throws -> [String: FieldLayout] {
        var names: [String: [String]] = [:]
        var expected: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT collection, position, name FROM _fields ORDER BY collection, position") {
            // Throwing reads: a damaged row is an error naming the table, never a crash.
            guard let collection = try? row.decode(String.self, atIndex: 0), let position = try? row.decode(Int.self, atIndex: 1),
                  let name = try? row.decode(String.self, atIndex: 2), position == expected[collection, default: 0] else {
                throw SyncError(.replicaUnusable, "\(path): the field positions (_fields) are damaged; run `tdsync check --db \(path)`")
            }
            expected[collection] = position + 1
            names[collection, default: []].append(name)
        }
        guard names.values.allSatisfy({ Set($0).count == $0.count }) else {
            throw SyncError(.replicaUnusable, "\(path): the field positions (_fields) name a field twice; run `tdsync check --db \(path)`")
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
