import Foundation
import GRDB

extension Replica {
    /// Reads the whole replica and says what is wrong with it, or nothing: SQLite's integrity
    /// check (every page, index and constraint), then every stored record, decoded and checked
    /// for the invariants of a state (protocol.md §7.2) and the schema. It reads every byte, so it
    /// takes seconds on a large replica: for after a crash, a disk error or a copy of doubtful
    /// origin, not for every open.
    public func verify(limit: Int = 100) throws -> [String] {
        try storage {
            try pool.read { db in
                var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check(\(max(1, limit)))").filter { $0 != "ok" }
                guard problems.isEmpty else { return problems.map { "sqlite: \($0)" } }
                let rows = try Row.fetchCursor(db, sql: "SELECT collection, id, scope, state FROM _records")
                while let row = try rows.next(), problems.count < limit {
                    guard let collection = try? row.decode(String.self, forColumn: "collection"), let id = try? row.decode(String.self, forColumn: "id"),
                          let scope = try? row.decode(String.self, forColumn: "scope") else {
                        problems.append("a record row is damaged (its key or scope cannot be read)")
                        continue
                    }
                    let key = RecordKey(collection: collection, id: id)
                    do {
                        let stored = (try? row.decode(Data?.self, forColumn: "state")) ?? nil
                        let state = try decodeState(stored ?? Data(), key: key)
                        if !state.isWellFormed { problems.append("\(key): \(state.problems.first ?? "malformed state")") }
                        _ = try schema.validated(RecordVersion(key: key, scope: scope, state: state))
                    } catch let error as SyncError {
                        problems.append("\(key): \(error.message)")
                    }
                }
                return problems
            }
        }
    }
}
