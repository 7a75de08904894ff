import Foundation
import GRDB
import GRDBSQLite
import SyncCore

// The baseline: the same nomination rows (id, scope and the columns the engine writes) inserted
// in transactions of `batch` rows, WAL with synchronous=FULL — the durability a replica and the hub
// use by default — once through the SQLite C API (THE baseline), once through GRDB.

/// One nomination row as plain values (nil for a field the nomination leaves out), built
/// outside the timed part.
struct RawRow {
    let id, scope: String
    /// The text columns after id and scope, in `rawTextColumns` order.
    let texts: [String?]
    let year: Int64

    init(_ write: LocalWrite) {
        id = write.key.id
        if case .create(let scope) = write.operation { self.scope = scope } else { scope = "" }
        texts = rawTextColumns.map { if case .text(let s) = write.values[$0] { s } else { nil } }
        if case .integer(let n) = write.values["year"] { year = Int64(n) } else { year = 0 }
    }
}

func rawRows(_ range: Range<Int>) -> [RawRow] { range.map { RawRow(nominationWrite($0)) } }

/// The text fields a generated nomination may have; the table has these, then `year`.
let rawTextColumns = ["nominee_name", "nominee_kind", "unit_id", "title_code", "award_form_code", "campaign_id",
                      "achievements", "status", "person_id"]
let rawTableSQL = "CREATE TABLE nominations (id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, "
    + rawTextColumns.map { "\($0) TEXT" }.joined(separator: ", ") + ", year INTEGER)"
let rawInsertSQL = "INSERT INTO nominations VALUES (" + Array(repeating: "?", count: rawTextColumns.count + 3).joined(separator: ",") + ")"
let rawDurability = "WAL, synchronous=FULL"

/// `SQLITE_TRANSIENT`: SQLite copies the bound text before the call returns.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// Inserts `count` rows through the C API; returns the seconds spent inserting (row building excluded).
func rawInsertCAPI(count: Int, batch: Int, path: String) throws -> Double {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let db else {
        throw BenchError("sqlite3_open_v2 \(path) failed")
    }
    defer { sqlite3_close_v2(db) }
    func exec(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw BenchError("sqlite3_exec \(sql.prefix(40)): \(text)")
        }
    }
    try exec("PRAGMA journal_mode=WAL")
    try exec("PRAGMA synchronous=FULL")
    try exec(rawTableSQL)
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, rawInsertSQL, -1, &statement, nil) == SQLITE_OK, let statement else {
        throw BenchError("sqlite3_prepare_v2: \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(statement) }
    var spent: UInt64 = 0
    for start in stride(from: 0, to: count, by: batch) {
        let rows = rawRows(start..<min(start + batch, count))
        let begin = now()
        try exec("BEGIN IMMEDIATE")
        for row in rows {
            sqlite3_bind_text(statement, 1, row.id, -1, SQLITE_TRANSIENT)
            sqlite3_bind_text(statement, 2, row.scope, -1, SQLITE_TRANSIENT)
            for (offset, text) in row.texts.enumerated() {
                if let text { sqlite3_bind_text(statement, Int32(3 + offset), text, -1, SQLITE_TRANSIENT) }
                else { sqlite3_bind_null(statement, Int32(3 + offset)) }
            }
            sqlite3_bind_int64(statement, Int32(3 + row.texts.count), row.year)
            guard sqlite3_step(statement) == SQLITE_DONE else {
                throw BenchError("sqlite3_step: \(String(cString: sqlite3_errmsg(db)))")
            }
            sqlite3_reset(statement)
        }
        try exec("COMMIT")
        spent += now() - begin
    }
    var counted: OpaquePointer?
    guard sqlite3_prepare_v2(db, "SELECT count(*) FROM nominations", -1, &counted, nil) == SQLITE_OK, let counted else {
        throw BenchError("sqlite3_prepare_v2 count failed")
    }
    defer { sqlite3_finalize(counted) }
    try check(sqlite3_step(counted) == SQLITE_ROW && sqlite3_column_int64(counted, 0) == Int64(count), "the C-API table lacks rows")
    return Double(spent) / 1e9
}

/// Inserts `count` rows through GRDB with one prepared statement per transaction.
func rawInsertGRDB(count: Int, batch: Int, path: String) throws -> Double {
    var config = Configuration()
    config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    let pool = try DatabasePool(path: path, configuration: config)
    try pool.write { db in try db.execute(sql: rawTableSQL) }
    var spent: UInt64 = 0
    for start in stride(from: 0, to: count, by: batch) {
        let rows = rawRows(start..<min(start + batch, count))
        let begin = now()
        try pool.write { db in
            let statement = try db.makeStatement(sql: rawInsertSQL)
            for row in rows {
                try statement.execute(arguments: StatementArguments([row.id, row.scope] + row.texts + [row.year] as [(any DatabaseValueConvertible)?]))
            }
        }
        spent += now() - begin
    }
    let stored = try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM nominations") ?? 0 }
    try check(stored == count, "the GRDB table holds \(stored) rows, not \(count)")
    return Double(spent) / 1e9
}

/// The C-API baseline first, then GRDB; returns the figures, the first being THE baseline.
/// At least 20,000 rows, so that the few fsyncs of a short run do not make the baseline noise.
func measureRaw(sizes: Sizes, directory: URL) throws -> [Figure] {
    let count = max(sizes.count, 20_000)
    let c = try rawInsertCAPI(count: count, batch: sizes.batch, path: directory.appendingPathComponent("raw-c.sqlite").path)
    let g = try rawInsertGRDB(count: count, batch: sizes.batch, path: directory.appendingPathComponent("raw-grdb.sqlite").path)
    let bytes = fileBytes(directory.appendingPathComponent("raw-c.sqlite").path)
    return [
        Figure(scenario: .raw, key: "raw.bytesPerRow", name: "raw row on disk (the nominations table, C API file)", value: Double(bytes) / Double(count),
               unit: .bytesPerRecord, items: count),
        .rate(.raw, "raw.capi", "raw INSERT, SQLite C API, \(sizes.batch)/tx (baseline)", items: count, seconds: c, note: rawDurability),
        .rate(.raw, "raw.grdb", "raw INSERT, GRDB prepared statement, \(sizes.batch)/tx", items: count, seconds: g, note: rawDurability),
    ]
}

/// Updates the rows `ids` of a table `rawInsertCAPI` filled, `batch` per transaction, through the
/// C API: the physical cost of changing existing rows spread over a table of a given size.
func rawUpdateCAPI(ids: [String], text: String, batch: Int, path: String) throws -> Double {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
        throw BenchError("sqlite3_open_v2 \(path) failed")
    }
    defer { sqlite3_close_v2(db) }
    guard sqlite3_exec(db, "PRAGMA synchronous=FULL", nil, nil, nil) == SQLITE_OK else { throw BenchError("PRAGMA synchronous failed") }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, "UPDATE nominations SET achievements = ? WHERE id = ?", -1, &statement, nil) == SQLITE_OK, let statement else {
        throw BenchError("sqlite3_prepare_v2: \(String(cString: sqlite3_errmsg(db)))")
    }
    defer { sqlite3_finalize(statement) }
    let begin = now()
    for start in stride(from: 0, to: ids.count, by: batch) {
        guard sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else { throw BenchError("BEGIN failed") }
        for id in ids[start..<min(start + batch, ids.count)] {
            sqlite3_bind_text(statement, 1, text, -1, SQLITE_TRANSIENT)
            sqlite3_bind_text(statement, 2, id, -1, SQLITE_TRANSIENT)
            guard sqlite3_step(statement) == SQLITE_DONE, sqlite3_changes(db) == 1 else {
                throw BenchError("raw UPDATE of \(id) failed: \(String(cString: sqlite3_errmsg(db)))")
            }
            sqlite3_reset(statement)
        }
        guard sqlite3_exec(db, "COMMIT", nil, nil, nil) == SQLITE_OK else { throw BenchError("COMMIT failed") }
    }
    return Double(now() - begin) / 1e9
}

/// The size of a file and its write-ahead log, in bytes (0 when missing).
func fileBytes(_ path: String) -> Int {
    ["", "-wal"].reduce(0) { total, suffix in
        total + ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int) ?? 0)
    }
}
