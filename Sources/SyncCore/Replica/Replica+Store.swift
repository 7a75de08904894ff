import Foundation
import GRDB

extension Replica {
    /// Reads a record's scope and state inside a transaction.
    func load(_ key: RecordKey, in db: Database) throws -> (scope: String, state: RecordState, dirty: Bool)? {
        let statement = try db.cachedStatement(sql: "SELECT scope, state, dirty FROM _records WHERE collection = ? AND id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [key.collection, key.id]) else { return nil }
        return (row[0], try decodeState(row[1], key: key), row[2])
    }

    /// The columns `version(from:)` reads, in its order; queries select them first.
    static let versionColumns = "collection, id, scope, state"

    /// The record version in a row that starts with `versionColumns`.
    func version(from row: Row) throws -> RecordVersion {
        let key = RecordKey(collection: row[0], id: row[1])
        return RecordVersion(key: key, scope: row[2], state: try decodeState(row[3], key: key))
    }

    /// Decodes a stored state and gives its values their schema types back (JSON has no date or
    /// decimal type, so those come out of JSON as text).
    func decodeState(_ stored: Data, key: RecordKey) throws -> RecordState {
        do {
            return schema.typed(try RecordCodec.decodeState([UInt8](stored)), collection: key.collection)
        } catch {
            throw SyncError(.replicaUnusable, "the stored state of \(key) is corrupt: \(error)")
        }
    }

    /// Stores a record's new state: sync metadata, change-log sequence, typed row and conflicts.
    /// `dirty` marks the record for the outbox: it holds something the hub may not have.
    /// Returns the fields left in conflict.
    @discardableResult
    func save(_ version: RecordVersion, previous: RecordState?, dirty: Bool, context: inout WriteContext, in db: Database) throws -> [String] {
        let state = version.state
        let conflicted = state.conflictingFields
        let json = String(decoding: RecordCodec.encode(state), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO _records (collection, id, scope, state, deleted, conflicted, seq, dirty)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [version.key.collection, version.key.id, version.scope, json,
                                     state.isDeleted, !conflicted.isEmpty, context.nextSeq(), dirty])
        guard let table = tables[version.key.collection] else {
            throw SyncError(.unknownCollection, "no typed table for \(version.key.collection)")
        }
        try table.store(version, in: db)
        if !(previous?.conflictingFields.isEmpty ?? true) {
            try db.cachedStatement(sql: "DELETE FROM _conflicts WHERE collection = ? AND id = ?")
                .execute(arguments: [version.key.collection, version.key.id])
        }
        for field in conflicted {
            let siblings = String(decoding: RecordCodec.encode(state.fields[field] ?? []), as: UTF8.self)
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO _conflicts (collection, id, field, scope, siblings) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [version.key.collection, version.key.id, field, version.scope, siblings])
        }
        return conflicted
    }
}
