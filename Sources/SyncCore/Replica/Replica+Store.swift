import Foundation
import GRDB

/// A record's row as a write transaction finds it: its row id, scope, whether it waits in the
/// outbox, and its stored state still encoded.
struct StoredRow {
    let rid: Int64
    let scope: String
    let dirty: Bool
    let bytes: [UInt8]
}

/// A record's row with its state decoded.
struct LoadedRecord {
    let rid: Int64
    let scope: String
    let dirty: Bool
    let state: RecordState
}

extension Replica {
    /// Reads a record's row inside a transaction, its state still encoded; `statements`: the
    /// transaction's, when the caller has them.
    func loadRow(_ key: RecordKey, statements: WriteStatements? = nil, in db: Database) throws -> StoredRow? {
        let statement: SQLiteStatement
        if let statements {
            // The key copied into the transaction's arena, unbound when this returns.
            statement = try statements.statement(.loadRow, in: db)
            var arena = statements.arena()
            statement.bind(1, key.collection, in: &arena)
            statement.bind(2, key.id, in: &arena)
        } else {
            statement = try SQLiteStatement(db, WriteStatements.Slot.loadRow.sql)
            statement.bind(1, key.collection)
            statement.bind(2, key.id)
        }
        defer { statement.clearBindings() }
        guard try statement.step() else { return nil }
        defer { statement.finish() }
        return StoredRow(rid: statement.int64(0), scope: statement.string(1), dirty: statement.int64(3) != 0, bytes: statement.bytes(2))
    }

    /// Reads a record's row and decodes its state inside a transaction.
    func load(_ key: RecordKey, statements: WriteStatements? = nil, in db: Database) throws -> LoadedRecord? {
        try loadRow(key, statements: statements, in: db).map { try decoded($0, key: key) }
    }

    func decoded(_ row: StoredRow, key: RecordKey) throws -> LoadedRecord {
        let state = try row.bytes.withUnsafeBufferPointer { try decodeState($0, key: key) }
        return LoadedRecord(rid: row.rid, scope: row.scope, dirty: row.dirty, state: state)
    }

    /// The columns `version(from:)` reads, in its order; queries select them first.
    static let versionColumns = "collection, id, scope, state"

    /// The record version in a row that starts with `versionColumns`.
    func version(from row: Row) throws -> RecordVersion {
        let key = RecordKey(collection: row[0], id: row[1])
        return RecordVersion(key: key, scope: row[2], state: try decodeState(row[3], key: key))
    }

    /// Decodes a stored state (either form, see `StoredState`).
    func decodeState(_ stored: Data, key: RecordKey) throws -> RecordState {
        try [UInt8](stored).withUnsafeBufferPointer { try decodeState($0, key: key) }
    }

    func decodeState(_ stored: UnsafeBufferPointer<UInt8>, key: RecordKey) throws -> RecordState {
        do {
            if stored.first == StoredState.formatV1 {
                guard let layout = layouts[key.collection] else {
                    throw SyncError(.replicaUnusable, "no field layout for collection '\(key.collection)'")
                }
                return try StoredState.decode(stored, layout: layout)
            }
            // A state as releases before the stored form wrote it: canonical JSON, whose dates and
            // decimals come out as text until the schema types them.
            return schema.typed(try RecordCodec.decodeState(stored), collection: key.collection)
        } catch {
            throw SyncError(.replicaUnusable, "the stored state of \(key) in \(path) is corrupt: \(error); run `tdsync check --db \(path)`")
        }
    }

    /// The stored form of a state; canonical JSON only for a state with a field the layout has no
    /// position for (one the schema does not declare), which every reader still reads.
    func encodeState(_ state: RecordState, collection: String) -> [UInt8] {
        if let layout = layouts[collection], let stored = StoredState.encode(state, layout: layout) { return stored }
        return RecordCodec.encode(state)
    }

    /// Stores a record's new state: sync metadata, change-log sequence, outbox entry, typed row and
    /// conflicts. `previous` is the row as loaded (nil for a new record); `dirty` puts the record
    /// in the outbox (it holds something the hub may not have), false takes it out. Returns the
    /// fields left in conflict.
    /// `origin`: the node whose push this state is exactly (a hub's echo suppression), else nil.
    @discardableResult
    func save(_ version: RecordVersion, previous: LoadedRecord?, dirty: Bool, origin: NodeID? = nil,
              context: inout WriteContext, in db: Database) throws -> [String] {
        let state = version.state
        let conflicted = state.conflictingFields
        let seq = context.nextSeq()
        let bytes = encodeState(state, collection: version.key.collection)
        // The stored bytes and the copied text are bound in place (SQLITE_STATIC): both outlive
        // the run, and the bindings are cleared before either goes.
        let rid = try bytes.withUnsafeBufferPointer { stored -> Int64 in
            if let previous {
                let update = try context.statements.statement(.updateRecord, in: db)
                defer { update.clearBindings() }
                update.bind(1, seq)
                update.bind(2, state.isDeleted)
                update.bind(3, !conflicted.isEmpty)
                update.bind(4, origin?.rawValue)
                update.bindBlob(5, borrowing: stored)
                update.bind(6, previous.rid)
                try update.run()
                return previous.rid
            }
            let insert = try context.statements.statement(.insertRecord, in: db)
            defer { insert.clearBindings() }
            var arena = context.statements.arena()
            insert.bind(1, version.key.collection, in: &arena)
            insert.bind(2, version.key.id, in: &arena)
            insert.bind(3, version.scope, in: &arena)
            insert.bind(4, seq)
            insert.bind(5, state.isDeleted)
            insert.bind(6, !conflicted.isEmpty)
            insert.bind(7, origin?.rawValue)
            insert.bindBlob(8, borrowing: stored)
            try insert.run()
            return insert.lastInsertedRowID
        }
        if dirty {
            let enqueue = try context.statements.statement(.enqueue, in: db)
            enqueue.bind(1, seq)
            enqueue.bind(2, rid)
            try enqueue.run()
        } else if previous?.dirty == true {
            let dequeue = try context.statements.statement(.dequeue, in: db)
            dequeue.bind(1, rid)
            try dequeue.run()
        }
        if keepsTypedTables {
            guard let table = tables[version.key.collection] else {
                throw SyncError(.unknownCollection, "no typed table for \(version.key.collection)")
            }
            try table.store(version, statements: context.statements, in: db)
            context.search.set(version, rid: rid, isNew: previous == nil, spec: table.spec)
        }
        if !(previous?.state.conflictingFields.isEmpty ?? true) {
            let clear = try context.statements.statement(.clearConflicts, in: db)
            clear.bind(1, version.key.collection)
            clear.bind(2, version.key.id)
            try clear.run()
        }
        for field in conflicted {
            let insert = try context.statements.statement(.insertConflict, in: db)
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
