import GRDB
import GRDBSQLite

/// A prepared statement driven through SQLite's C API, for the per-record hot paths (apply,
/// change pages, outbox): binding and stepping directly avoids building a `StatementArguments`
/// array and a `Row` per record. The statement is GRDB's cached one, so it is prepared once per
/// connection; it is reset after every use and never outlives the transaction that fetched it.
struct SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer

    /// The connection's cached statement for `sql`.
    init(_ db: Database, _ sql: String) throws {
        self.init(fresh: try db.cachedStatement(sql: sql))
    }

    /// A statement as GRDB's cache hands it out (GRDB or an earlier use may have left it in any
    /// state): reset, its bindings cleared.
    init(fresh statement: Statement) {
        handle = statement.sqliteStatement
        connection = sqlite3_db_handle(handle)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// A statement only this type has driven since it was fetched fresh (`WriteStatements`):
    /// every use ends reset (`run`, `step` at its end or on an error, `finish`) unless a read
    /// stopped at a row, which `sqlite3_stmt_busy` tells; each use binds every parameter, or
    /// clears them after itself (`clearBindings`).
    init(held statement: Statement) {
        handle = statement.sqliteStatement
        connection = sqlite3_db_handle(handle)
        if sqlite3_stmt_busy(handle) != 0 { sqlite3_reset(handle) }
    }

    /// SQLite copies bound text and blobs at once (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }
    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }
    func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bindText(index, $0) }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { bindNull(index) }
    }

    /// Binds UTF-8 bytes as text.
    func bindText(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bindText(index, $0) }
    }

    /// Binds borrowed UTF-8 bytes as text (SQLite copies them).
    func bindText(_ index: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            _ = sqlite3_bind_text(handle, index, $0, Int32(buffer.count), Self.transient)
        }
    }

    /// Binds `value`'s UTF-8 copied into `arena`, which SQLite then reads in place (SQLITE_STATIC)
    /// instead of making a copy of its own; text that does not fit is bound as SQLite's copy.
    /// The caller keeps the arena's memory alive and calls `clearBindings()` before reusing it.
    func bind(_ index: Int32, _ value: String, in arena: inout TextArena) {
        var value = value
        value.withUTF8 { source in
            guard !source.isEmpty, let copy = arena.copy(source) else { return bindText(index, source) }
            copy.withMemoryRebound(to: CChar.self) {
                _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), nil)
            }
        }
    }

    /// Sets every parameter back to NULL, dropping SQLite's references to bound memory.
    func clearBindings() { sqlite3_clear_bindings(handle) }

    /// Binds bytes as a blob (SQLite copies them).
    func bindBlob(_ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            if let base = buffer.baseAddress, !buffer.isEmpty {
                _ = sqlite3_bind_blob(handle, index, base, Int32(buffer.count), Self.transient)
            } else {
                _ = sqlite3_bind_zeroblob(handle, index, 0)
            }
        }
    }

    /// Binds borrowed bytes as a blob that SQLite reads in place (SQLITE_STATIC): the caller keeps
    /// them alive until `clearBindings()`.
    func bindBlob(_ index: Int32, borrowing bytes: UnsafeBufferPointer<UInt8>) {
        if let base = bytes.baseAddress, !bytes.isEmpty {
            _ = sqlite3_bind_blob(handle, index, base, Int32(bytes.count), nil)
        } else {
            _ = sqlite3_bind_zeroblob(handle, index, 0)
        }
    }

    /// The row id of the connection's last insert.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// Runs a statement that returns no rows.
    func run() throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// Steps to the next row: true while there is one. Call `finish()` when done reading.
    func step() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw failure(code) }
        return false
    }

    /// Resets the statement after reading rows.
    func finish() { sqlite3_reset(handle) }

    /// The column's value as GRDB holds one.
    func databaseValue(_ column: Int32) -> DatabaseValue { DatabaseValue(sqliteStatement: handle, index: column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column's bytes, valid until the next step or reset.
    func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let pointer = sqlite3_column_blob(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeBufferPointer(start: pointer?.assumingMemoryBound(to: UInt8.self), count: count))
    }

    func bytes(_ column: Int32) -> [UInt8] { withBytes(column) { Array($0) } }

    /// Whether the column's bytes equal `value`'s UTF-8, without making a String.
    func equals(_ column: Int32, _ value: String) -> Bool {
        var value = value
        return withBytes(column) { stored in value.withUTF8 { $0.elementsEqual(stored) } }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)))
    }
}

/// Memory that bound text is copied into for one statement's run (`SQLiteStatement.bind(_:_:in:)`):
/// one copy into a buffer the transaction owns instead of SQLite's allocation, copy and free for
/// each value. Full, it hands out nothing and the text is bound as SQLite's own copy.
struct TextArena {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var used = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    /// `bytes` copied into the arena, or nil when they do not fit.
    mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        guard let source = bytes.baseAddress, let base = buffer.baseAddress, bytes.count <= buffer.count - used else { return nil }
        let target = base + used
        target.initialize(from: source, count: bytes.count)
        used += bytes.count
        return UnsafeBufferPointer(start: target, count: bytes.count)
    }
}
