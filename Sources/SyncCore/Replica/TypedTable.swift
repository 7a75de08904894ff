import Foundation
import GRDB

/// The typed SQLite table of one collection: one row per live record with the visible (winning)
/// value of each field, so people and reports can query it with plain SQL.
struct TypedTable: Sendable {
    let spec: CollectionSpec
    let upsertSQL: String
    let deleteSQL: String

    init(_ spec: CollectionSpec) {
        self.spec = spec
        let table = "\"\(spec.name)\""
        let names = (["id", "scope"] + spec.fields.map(\.name)).map { "\"\($0)\"" }
        upsertSQL = "INSERT OR REPLACE INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        deleteSQL = "DELETE FROM \(table) WHERE id = ?"
    }

    /// The columns the schema declares that the table lacks (or has with another type): the
    /// schema's migrations do not create what it declares.
    func missingColumns(in db: Database) throws -> [String] {
        let columns = Dictionary(try db.columns(in: spec.name).map { ($0.name, $0.type.uppercased()) }, uniquingKeysWith: { a, _ in a })
        return spec.fields.filter { columns[$0.name] != $0.type.sqlType }.map { "\($0.name) \($0.type.sqlType)" }
    }

    /// Writes the visible values of `version`, or removes the row when the record reads as deleted.
    func store(_ version: RecordVersion, in db: Database) throws {
        if version.state.isDeleted {
            let delete = try SQLiteStatement(db, deleteSQL)
            delete.bind(1, version.key.id)
            try delete.run()
            return
        }
        // Every parameter starts out NULL (the statement's bindings are cleared): only the
        // record's fields with a value are bound, found in one walk beside the spec's names.
        let upsert = try SQLiteStatement(db, upsertSQL)
        upsert.bind(1, version.key.id)
        upsert.bind(2, version.scope)
        version.state.fields.walk(alongside: spec.namesInByteOrder) { found, _, siblings in
            guard let found, let column = spec.columnsInByteOrder[found],
                  let winner = Winner.pick(siblings, owner: spec.specsInByteOrder[found].owner) else { return }
            let index = Int32(column + 3)
            switch winner.value {
            case .null: upsert.bindNull(index)
            case .bool(let b): upsert.bind(index, b)
            case .integer(let n): upsert.bind(index, n)
            case .decimal(let d): upsert.bind(index, d.doubleValue)
            case .text(let s): upsert.bind(index, s)
            case .date(let d): upsert.bind(index, d.description)
            case .textList: upsert.bind(index, Self.databaseValue(winner.value) as? String)
            }
        }
        try upsert.run()
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
