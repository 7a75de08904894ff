import Foundation
import GRDB

/// The typed SQLite table of one collection: one row per live record with the visible (winning)
/// value of each field, so people and reports can query it with plain SQL.
final class TypedTable: Sendable {
    let spec: CollectionSpec
    let upsertSQL: String
    let deleteSQL: String
    /// `selectSQL(_:from:)` of each declared field, by name.
    let selectSQL: [String: String]
    /// The slots of the two statements in a transaction's `WriteStatements`.
    let upsertSlot: Int
    let deleteSlot: Int
    /// Beside `spec.namesInByteOrder`: each field's typed-table parameter (nil for `_deleted`) and
    /// its owner, so storing a row reads no `FieldSpec`.
    private let parametersInByteOrder: [Int32?]
    private let ownersInByteOrder: [Role]

    /// The table of `spec`, the collection at `position` in its schema.
    init(_ spec: CollectionSpec, position: Int) {
        self.spec = spec
        let table = "\"\(spec.name)\""
        let names = (["id", "scope"] + spec.fields.map(\.name)).map { "\"\($0)\"" }
        upsertSQL = "INSERT OR REPLACE INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))"
        deleteSQL = "DELETE FROM \(table) WHERE id = ?"
        selectSQL = Dictionary(spec.fields.map { ($0.name, Self.selectSQL($0.name, from: spec.name)) }, uniquingKeysWith: { a, _ in a })
        upsertSlot = WriteStatements.Slot.allCases.count + 2 * position
        deleteSlot = upsertSlot + 1
        parametersInByteOrder = spec.columnsInByteOrder.map { $0.map { Int32($0 + 3) } }
        ownersInByteOrder = spec.specsInByteOrder.map(\.owner)
    }

    /// The query for one field's value of one record (`RecordCheck.value(of:in:id:)`).
    static func selectSQL(_ field: String, from collection: String) -> String {
        "SELECT \"\(field)\" FROM \"\(collection)\" WHERE id = ?"
    }

    /// The columns the schema declares that the table lacks (or has with another type): the
    /// schema's migrations do not create what it declares.
    func missingColumns(in db: Database) throws -> [String] {
        let columns = Dictionary(try db.columns(in: spec.name).map { ($0.name, $0.type.uppercased()) }, uniquingKeysWith: { a, _ in a })
        return spec.fields.filter { columns[$0.name] != $0.type.sqlType }.map { "\($0.name) \($0.type.sqlType)" }
    }

    /// Writes the visible values of `version`, or removes the row when the record reads as deleted.
    func store(_ version: RecordVersion, statements: WriteStatements, in db: Database) throws {
        if version.state.isDeleted {
            let delete = try statements.statement(at: deleteSlot, sql: deleteSQL, in: db)
            delete.bind(1, version.key.id)
            try delete.run()
            return
        }
        // Every parameter starts out NULL (the bindings are cleared after each run): only the
        // record's fields with a value are bound, found in one walk beside the spec's names. Text
        // is copied into the transaction's arena and read there by SQLite, which then makes no
        // copy of its own; the bindings are cleared before the arena is used again.
        let upsert = try statements.statement(at: upsertSlot, sql: upsertSQL, in: db)
        defer { upsert.clearBindings() }
        var arena = statements.arena()
        upsert.bind(1, version.key.id, in: &arena)
        upsert.bind(2, version.scope, in: &arena)
        version.state.fields.walk(alongside: spec.namesInByteOrder) { found, _, siblings in
            guard let found, let index = parametersInByteOrder[found],
                  let winner = Winner.pickIndex(siblings, owner: ownersInByteOrder[found]) else { return }
            switch siblings[winner].value {
            case .null: upsert.bindNull(index)
            case .bool(let b): upsert.bind(index, b)
            case .integer(let n): upsert.bind(index, n)
            case .decimal(let d): upsert.bind(index, d.doubleValue)
            case .text(let s): upsert.bind(index, s, in: &arena)
            case .date(let d): upsert.bind(index, d.description, in: &arena)
            case .textList(let items): upsert.bind(index, Self.json(items), in: &arena)
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
        case .textList(let items): return json(items)
        }
    }

    /// A list as the typed table holds it: JSON text.
    static func json(_ items: [String]) -> String {
        let data = (try? WireJSON.encode(items)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
