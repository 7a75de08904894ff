import Foundation
import GRDB

/// The typed SQLite table of one collection: one row per live record with the visible (winning)
/// value of each field, so people and reports can query it with plain SQL.
struct TypedTable: Sendable {
    let spec: CollectionSpec
    let createSQL: String
    let upsertSQL: String
    let deleteSQL: String

    init(_ spec: CollectionSpec) {
        self.spec = spec
        let table = "\"\(spec.name)\""
        let columns = spec.fields.map { "\"\($0.name)\" \($0.type.sqlType)" }.joined(separator: ",\n    ")
        createSQL = "CREATE TABLE \(table) (\n    id TEXT PRIMARY KEY NOT NULL,\n    scope TEXT NOT NULL,\n    \(columns)\n)"
        let names = (["id", "scope"] + spec.fields.map(\.name)).map { "\"\($0)\"" }
        upsertSQL = "INSERT OR REPLACE INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        deleteSQL = "DELETE FROM \(table) WHERE id = ?"
    }

    /// Writes the visible values of `version`, or removes the row when the record reads as deleted.
    func store(_ version: RecordVersion, in db: Database) throws {
        if version.state.isDeleted {
            try db.cachedStatement(sql: deleteSQL).execute(arguments: [version.key.id])
            return
        }
        var values: [(any DatabaseValueConvertible)?] = [version.key.id, version.scope]
        for field in spec.fields {
            let winner = Winner.pick(version.state.fields[field.name] ?? [], owner: field.owner)
            values.append(Self.databaseValue(winner?.value ?? .null))
        }
        try db.cachedStatement(sql: upsertSQL).execute(arguments: StatementArguments(values))
    }

    /// The SQLite value for a field value: decimals as REAL, dates as `YYYY-MM-DD`, lists as JSON.
    static func databaseValue(_ value: FieldValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: return nil
        case .bool(let b): return b ? 1 : 0
        case .integer(let n): return n
        case .decimal(let d): return d.doubleValue
        case .text(let s): return s
        case .date(let d): return d.description
        case .textList(let items):
            let data = (try? WireJSON.encode(items)) ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self)
        }
    }
}
