import Foundation
import GRDB

/// A query over one collection's typed table: the visible values of its live records, filtered
/// and ordered by fields (and by `id` and `scope`), for applications and reports that read
/// without SQL.
public struct TableQuery: Sendable {
    /// A condition on one field's visible value.
    public enum Condition: Sendable {
        /// The field shows `value`; `.null` matches a field without a value.
        case equals(String, FieldValue)
    }

    /// A sort key.
    public enum Order: Sendable {
        /// Smallest first, a field without a value before any value.
        case ascending(String)
        /// Largest first, a field without a value after any value.
        case descending(String)
    }

    public let collection: String
    public var conditions: [Condition]
    /// Sort keys, then the order in which the rows were stored.
    public var order: [Order]
    public var limit: Int?

    public init(_ collection: String, where conditions: [Condition] = [], orderedBy order: [Order] = [], limit: Int? = nil) {
        self.collection = collection
        self.conditions = conditions
        self.order = order
        self.limit = limit
    }
}

/// One live record as its typed table holds it: the visible value of every declared field.
public struct TableRow: Sendable, Equatable {
    public let id: String
    public let scope: String
    /// Every declared field's visible value (`.null` when it has none).
    public let values: [String: FieldValue]

    /// The visible value of `field`, `.null` when it has none.
    public subscript(_ field: String) -> FieldValue { values[field] ?? .null }
}

extension Replica {
    /// The rows `query` selects. Empty on a relay (it keeps no typed tables). `bad_request` for a
    /// field the collection does not declare; `replica_unusable` for a value of the wrong type (a
    /// damaged file).
    public func rows(_ query: TableQuery) throws -> [TableRow] {
        let spec = try schema.requireCollection(query.collection)
        guard keepsTypedTables else { return [] }
        func column(_ name: String) throws -> String {
            guard name == "id" || name == "scope" || spec.field(name) != nil, name != RecordState.deletedField else {
                throw SyncError(.badRequest, "collection '\(spec.name)' has no field '\(name.prefix(60))'")
            }
            return "\"\(name)\""
        }
        var sql = "SELECT * FROM \"\(spec.name)\""
        var arguments: StatementArguments = []
        var clauses: [String] = []
        for case .equals(let name, let value) in query.conditions {
            let name = try column(name)
            if value == .null {
                clauses.append("\(name) IS NULL")
            } else {
                clauses.append("\(name) = ?")
                arguments += [TypedTable.databaseValue(value)]
            }
        }
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        let order = try query.order.map { key -> String in
            switch key {
            case .ascending(let name): "\(try column(name))"
            case .descending(let name): "\(try column(name)) DESC"
            }
        }
        sql += " ORDER BY " + (order + ["rowid"]).joined(separator: ", ")
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        return try storage {
            try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map { try TypedTable.row($0, spec: spec) } }
        }
    }

    /// The row of live record `id` in `collection`, or nil.
    public func row(in collection: String, id: String) throws -> TableRow? {
        try rows(TableQuery(collection, where: [.equals("id", .text(id))], limit: 1)).first
    }

    /// How many live records `collection` holds (in `scope`, when given), counted in the change
    /// log, so on a relay too.
    public func count(in collection: String, scope: String? = nil) throws -> Int {
        _ = try schema.requireCollection(collection)
        return try storage {
            try pool.read { db in
                if let scope {
                    return try Int.fetchOne(db, sql: "SELECT count(*) FROM _records WHERE collection = ? AND deleted = 0 AND scope = ?",
                                            arguments: [collection, scope]) ?? 0
                }
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM _records WHERE collection = ? AND deleted = 0",
                                        arguments: [collection]) ?? 0
            }
        }
    }

    /// Refuses a replica whose typed tables lack a column the schema declares: the schema's
    /// migrations must create every table and column it declares.
    func checkTypedTables() throws {
        let problems = try storage {
            try pool.read { db in
                try tables.values.sorted { $0.spec.name < $1.spec.name }.compactMap { table -> String? in
                    guard try db.tableExists(table.spec.name) else { return "no table \(table.spec.name)" }
                    let missing = try table.missingColumns(in: db)
                    return missing.isEmpty ? nil : "\(table.spec.name) lacks \(missing.joined(separator: ", "))"
                }
            }
        }
        guard problems.isEmpty else {
            throw SyncError(.replicaUnusable, "\(path) does not hold the typed tables schema '\(schema.name)' \(schema.version) declares (\(problems.joined(separator: "; "))): the schema needs a migration that creates them")
        }
    }
}

/// Checks a record rule can make (`RecordRule.check`): the record's visible values, and other
/// records' visible values as their typed tables hold them.
public struct RecordCheck {
    public let key: RecordKey
    public let scope: String
    let visible: (String) -> FieldValue
    let db: Database
    let schema: Schema
    /// The replica's typed tables, whose look-up SQL is made once.
    let tables: [String: TypedTable]

    /// The visible value of the record's `field`.
    public func value(_ field: String) -> FieldValue { visible(field) }

    /// The visible value of `field` of live record `id` in `collection`, or nil when there is no
    /// such live record.
    public func value(of field: String, in collection: String, id: String) throws -> FieldValue? {
        let spec = try schema.requireCollection(collection)
        let type = try spec.requireField(field).type
        // Read through SQLite's C API (GRDB's cursor cost more than the look-up itself), into the
        // one-column row `Row.fetchOne` would have copied out, decoded by the same code.
        let sql = tables[collection]?.selectSQL[field] ?? TypedTable.selectSQL(field, from: collection)
        let statement = try SQLiteStatement(db, sql)
        statement.bind(1, id)
        guard try statement.step() else { return nil }
        defer { statement.finish() }
        return try TypedTable.value(Row([field: statement.databaseValue(0)]), column: field, type: type, table: collection)
    }
}

extension TypedTable {
    /// A row of a typed table read back into values of the fields' types.
    static func row(_ row: Row, spec: CollectionSpec) throws -> TableRow {
        var values: [String: FieldValue] = [:]
        for field in spec.fields {
            values[field.name] = try value(row, column: field.name, type: field.type, table: spec.name)
        }
        return TableRow(id: try row.decode(String.self, forColumn: "id"), scope: try row.decode(String.self, forColumn: "scope"), values: values)
    }

    /// The value in `column` as a value of `type`; a stored value of another type is an error.
    static func value(_ row: Row, column: String, type: FieldType, table: String) throws -> FieldValue {
        func damaged() -> SyncError {
            SyncError(.replicaUnusable, "the typed table \(table) holds a value that is not a \(type.rawValue) in column \(column)")
        }
        switch type {
        case .bool: return try row.decode(Int64?.self, forColumn: column).map { .bool($0 != 0) } ?? .null
        case .integer: return try row.decode(Int64?.self, forColumn: column).map(FieldValue.integer) ?? .null
        case .decimal:
            guard let number = try row.decode(Double?.self, forColumn: column) else { return .null }
            guard let decimal = DecimalText(String(number)) else { throw damaged() }
            return .decimal(decimal)
        case .text: return try row.decode(String?.self, forColumn: column).map(FieldValue.text) ?? .null
        case .date:
            guard let text = try row.decode(String?.self, forColumn: column) else { return .null }
            guard let date = CivilDate(iso: text) else { throw damaged() }
            return .date(date)
        case .textList:
            guard let text = try row.decode(String?.self, forColumn: column) else { return .null }
            guard let items = try? WireJSON.decode([String].self, from: Data(text.utf8)) else { throw damaged() }
            return .textList(items)
        }
    }
}
