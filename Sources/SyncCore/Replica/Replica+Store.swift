import Foundation
import GRDB

extension Replica {
    /// Reads a record's scope and state inside a transaction.
    func load(_ key: RecordKey, in db: Database) throws -> (scope: String, state: RecordState, dirty: Bool)? {
        let statement = try SQLiteStatement(db, "SELECT scope, state, dirty FROM _records WHERE collection = ? AND id = ?")
        statement.bind(1, key.collection)
        statement.bind(2, key.id)
        guard try statement.step() else { return nil }
        defer { statement.finish() }
        let state = try statement.withBytes(1) { try decodeState($0, key: key) }
        return (statement.string(0), state, statement.int64(2) != 0)
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
        try [UInt8](stored).withUnsafeBufferPointer { try decodeState($0, key: key) }
    }

    func decodeState(_ stored: UnsafeBufferPointer<UInt8>, key: RecordKey) throws -> RecordState {
        do {
            return schema.typed(try RecordCodec.decodeState(stored), collection: key.collection)
        } catch {
            throw SyncError(.replicaUnusable, "the stored state of \(key) in \(path) is corrupt: \(error); run `tdsync check --db \(path)`")
        }
    }

    /// Stores a record's new state: sync metadata, change-log sequence, typed row and conflicts.
    /// `dirty` marks the record for the outbox: it holds something the hub may not have.
    /// Returns the fields left in conflict.
    /// `origin`: the node whose push this state is exactly (a hub's echo suppression), else nil.
    @discardableResult
    func save(_ version: RecordVersion, previous: RecordState?, dirty: Bool, origin: NodeID? = nil,
              context: inout WriteContext, in db: Database) throws -> [String] {
        let state = version.state
        let conflicted = state.conflictingFields
        let record = try SQLiteStatement(db, """
            INSERT OR REPLACE INTO _records (collection, id, scope, state, deleted, conflicted, seq, dirty, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        record.bind(1, version.key.collection)
        record.bind(2, version.key.id)
        record.bind(3, version.scope)
        record.bindText(4, RecordCodec.encode(state))
        record.bind(5, state.isDeleted)
        record.bind(6, !conflicted.isEmpty)
        record.bind(7, context.nextSeq())
        record.bind(8, dirty)
        record.bind(9, origin?.rawValue)
        try record.run()
        if keepsTypedTables {
            guard let table = tables[version.key.collection] else {
                throw SyncError(.unknownCollection, "no typed table for \(version.key.collection)")
            }
            try table.store(version, in: db)
            try SearchIndex.store(version, spec: table.spec, in: db)
        }
        if !(previous?.conflictingFields.isEmpty ?? true) {
            let clear = try SQLiteStatement(db, "DELETE FROM _conflicts WHERE collection = ? AND id = ?")
            clear.bind(1, version.key.collection)
            clear.bind(2, version.key.id)
            try clear.run()
        }
        for field in conflicted {
            let insert = try SQLiteStatement(db, "INSERT OR REPLACE INTO _conflicts (collection, id, field, scope, siblings) VALUES (?, ?, ?, ?, ?)")
            insert.bind(1, version.key.collection)
            insert.bind(2, version.key.id)
            insert.bind(3, field)
            insert.bind(4, version.scope)
            insert.bindText(5, RecordCodec.encode(state.fields[field] ?? []))
            try insert.run()
        }
        return conflicted
    }
}
