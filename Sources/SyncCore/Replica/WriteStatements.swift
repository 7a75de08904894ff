import GRDB

/// The statements a write transaction runs for each record, each taken from GRDB's statement
/// cache once per transaction and then found by its slot: GRDB's look-up hashes the whole SQL
/// text at every use (1–2.3 k instructions). Holding a GRDB `Statement` keeps it prepared (it is
/// finalized only once released), so a slot stays valid even if GRDB empties its cache
/// meanwhile. It belongs to one transaction's `WriteContext`, on that transaction's connection,
/// and goes with it. Also owns the memory bound text is copied into (`TextArena`).
final class WriteStatements {
    /// The fixed statements; typed tables' come after them (`TypedTable.upsertSlot`).
    enum Slot: Int, CaseIterable {
        case loadRow, updateRecord, insertRecord, enqueue, dequeue, clearConflicts, insertConflict
        case searchText, searchDelete, searchInsert

        var sql: String {
            switch self {
            case .loadRow: """
                SELECT r.rid, r.scope, r.state, o.seq IS NOT NULL FROM _records AS r LEFT JOIN _outbox AS o ON o.record = r.rid
                WHERE r.collection = ? AND r.id = ?
                """
            case .updateRecord: "UPDATE _records SET seq = ?, deleted = ?, conflicted = ?, origin = ?, state = ? WHERE rid = ?"
            case .insertRecord: """
                INSERT INTO _records (collection, id, scope, seq, deleted, conflicted, origin, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
            case .enqueue: "INSERT OR REPLACE INTO _outbox (seq, record) VALUES (?, ?)"
            case .dequeue: "DELETE FROM _outbox WHERE record = ?"
            case .clearConflicts: "DELETE FROM _conflicts WHERE collection = ? AND id = ?"
            case .insertConflict: "INSERT OR REPLACE INTO _conflicts (collection, id, field, scope, siblings) VALUES (?, ?, ?, ?, ?)"
            case .searchText: "SELECT text FROM _search WHERE rowid = ?"
            case .searchDelete: "DELETE FROM _search WHERE rowid = ?"
            case .searchInsert: "INSERT INTO _search (rowid, text) VALUES (?, ?)"
            }
        }
    }

    /// Room for the fixed slots and a few typed tables' from the start; more are added as used.
    private var held: [Statement?] = Array(repeating: nil, count: Slot.allCases.count + 2 * 8)
    private var arenaMemory: UnsafeMutableBufferPointer<UInt8>?

    /// The bytes of text one statement's run may copy into the arena; longer text is bound as
    /// SQLite's own copy.
    static let arenaSize = 16_384

    init() {}

    deinit { arenaMemory?.deallocate() }

    /// The statement in `slot`.
    func statement(_ slot: Slot, in db: Database) throws -> SQLiteStatement {
        try statement(at: slot.rawValue, sql: slot.sql, in: db)
    }

    /// The statement at `index` (a fixed slot's or beyond), fetched for `sql` on its first use.
    func statement(at index: Int, sql: @autoclosure () -> String, in db: Database) throws -> SQLiteStatement {
        if index < held.count, let statement = held[index] { return SQLiteStatement(held: statement) }
        let statement = try db.cachedStatement(sql: sql())
        if index >= held.count { held.append(contentsOf: repeatElement(nil, count: index + 1 - held.count)) }
        held[index] = statement
        return SQLiteStatement(fresh: statement)
    }

    /// An empty arena over this transaction's memory. Everything copied into an earlier one must be
    /// unbound by now (`SQLiteStatement.clearBindings()`).
    func arena() -> TextArena {
        if let arenaMemory { return TextArena(arenaMemory) }
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.arenaSize)
        arenaMemory = memory
        return TextArena(memory)
    }
}
