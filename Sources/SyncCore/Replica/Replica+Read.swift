import Foundation
import GRDB

extension Replica {
    /// The record with `key` (live or deleted), or nil if this replica has never seen it.
    public func record(_ key: RecordKey) throws -> StoredRecord? {
        try storage {
            try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.versionColumns), seq FROM _records WHERE collection = ? AND id = ?",
                                                 arguments: [key.collection, key.id]) else { return nil }
                return StoredRecord(version: try version(from: row), seq: row[4])
            }
        }
    }

    /// The records of a collection ordered by id; deleted ones only when asked.
    public func records(in collection: String, includeDeleted: Bool = false) throws -> [StoredRecord] {
        _ = try schema.requireCollection(collection)
        return try storage {
            try pool.read { db in
                let sql = "SELECT \(Self.versionColumns), seq FROM _records WHERE collection = ?" + (includeDeleted ? "" : " AND deleted = 0") + " ORDER BY id"
                return try Row.fetchAll(db, sql: sql, arguments: [collection]).map { row in
                    StoredRecord(version: try version(from: row), seq: row[4])
                }
            }
        }
    }

    /// The live records of `collection` whose field `field` shows `value` (its visible value, as the
    /// typed table holds it), ordered by the fields `orderedBy` and then as the rows were stored: one
    /// query over the typed table and the records. Empty on a hub's replica (no typed tables).
    /// `bad_request` for a field the collection does not declare.
    public func records(in collection: String, where field: String, is value: String, orderedBy: [String] = []) throws -> [StoredRecord] {
        let spec = try schema.requireCollection(collection)
        for name in [field] + orderedBy where spec.field(name) == nil {
            throw SyncError(.badRequest, "collection '\(collection)' has no field '\(name)'")
        }
        guard keepsTypedTables else { return [] }
        let order = (orderedBy.map { "t.\"\($0)\"" } + ["t.rowid"]).joined(separator: ", ")
        return try storage {
            try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT r.collection, r.id, r.scope, r.state, r.seq FROM "\(collection)" t
                    JOIN _records r ON r.collection = ? AND r.id = t.id
                    WHERE t."\(field)" = ? ORDER BY \(order)
                    """, arguments: [collection, value]).map { row in
                    StoredRecord(version: try version(from: row), seq: try row.decode(Int64.self, atIndex: 4))
                }
            }
        }
    }

    /// The records changed after `seq`, in change-log order, at most `limit` per page.
    /// `scopes` nil means every scope; otherwise national records and those scopes.
    public func changes(after seq: Int64, scopes: Set<String>? = nil, limit: Int = 500) throws -> ChangePage {
        let limit = max(1, limit)
        return try storage {
            try pool.read { db in
                var sql = "SELECT \(Self.versionColumns), seq FROM _records WHERE seq > ?"
                var arguments: StatementArguments = [seq]
                if let scopes, !scopes.contains(Scope.national) {
                    let list = [Scope.national] + schema.scopes.covering(scopes).sorted()
                    sql += " AND scope IN (\(list.map { _ in "?" }.joined(separator: ",")))"
                    arguments += StatementArguments(list)
                }
                sql += " ORDER BY seq LIMIT ?"
                arguments += [limit + 1]
                let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
                let page = rows.prefix(limit)
                let versions = try page.map(version(from:))
                return ChangePage(versions: versions, lastSeq: page.last?[4] ?? seq, hasMore: rows.count > limit)
            }
        }
    }

    /// Every open conflict, ordered by collection, id and field.
    public func conflicts(in collection: String? = nil) throws -> [Conflict] {
        try storage {
            try pool.read { db in
                var sql = "SELECT collection, id, field, scope, siblings FROM _conflicts"
                var arguments: StatementArguments = []
                if let collection { sql += " WHERE collection = ?"; arguments += [collection] }
                sql += " ORDER BY collection, id, field"
                return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { row in
                    let key = RecordKey(collection: try row.decode(String.self, forColumn: "collection"), id: try row.decode(String.self, forColumn: "id"))
                    let field = try row.decode(String.self, forColumn: "field")
                    let stored: [Sibling]
                    do { stored = try RecordCodec.decodeSiblings([UInt8](try row.decode(Data.self, forColumn: "siblings"))) } catch {
                        throw SyncError(.replicaUnusable, "the stored conflict on \(key) '\(field)' in \(path) is corrupt: \(error); run `tdsync check --db \(path)`")
                    }
                    let siblings = schema.typed(RecordState(fields: [field: stored]), collection: key.collection).fields[field] ?? []
                    let owner = schema.collection(key.collection)?.field(field)?.owner
                    let winner = field == RecordState.deletedField ? Winner.deletion(siblings) : Winner.pick(siblings, owner: owner)
                    let scope = try row.decode(String.self, forColumn: "scope")
                    return winner.map { Conflict(key: key, scope: scope, field: field, siblings: siblings, winner: $0) }
                }
            }
        }
    }

    /// The values a reader sees for a record: the winner of each declared field.
    public func visibleValues(of version: RecordVersion) -> [String: FieldValue] {
        guard let spec = schema.collection(version.key.collection) else { return [:] }
        var values: [String: FieldValue] = [:]
        for field in spec.fields {
            values[field.name] = Winner.pick(version.state.fields[field.name] ?? [], owner: field.owner)?.value ?? .null
        }
        return values
    }
}
