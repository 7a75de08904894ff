/// Where a collection's records may live.
public enum ScopeRule: String, Sendable {
    /// Only national data (`*`).
    case nationalOnly = "national"
    /// Only a scope code of the schema's (a province, say), never `*`.
    case localOnly = "local"
    /// National or a scope code.
    case any
}

/// A rule over a whole record, checked on the visible values of every local write that leaves
/// the record alive.
public enum RecordRule: Sendable {
    /// Exactly one of these fields must hold a non-null value.
    case exactlyOne([String])
    /// A check of the application's own: it throws a `SyncError` naming what is wrong. It may read
    /// other records' visible values through `RecordCheck.value(of:in:id:)`.
    case check(@Sendable (RecordCheck) throws -> Void)
}

/// One declared collection: its fields, where its records may live, its record rules and the
/// fields search looks in.
public struct CollectionSpec: Sendable {
    /// Everything, held once: a spec is copied wherever a collection is looked up (each version
    /// validated, each write), and copying one reference costs less than copying nine.
    private let storage: Storage

    /// The collection's name, also its typed table's name.
    public var name: String { storage.name }
    /// Declared fields in column order (without `_deleted`).
    public var fields: [FieldSpec] { storage.fields }
    public var scopeRule: ScopeRule { storage.scopeRule }
    public var rules: [RecordRule] { storage.rules }
    /// The fields whose visible values `Replica.search` finds, in the order their text is indexed;
    /// empty when the collection is not searched.
    public var search: [String] { storage.search }
    private var byName: [String: FieldSpec] { storage.byName }
    /// Every field's name (with `_deleted`) in byte order, the order of a `FieldMap`, and beside
    /// each its spec and its typed-table column (an index into `fields`; nil for `_deleted`):
    /// for walking a record's fields with `FieldMap.walk(alongside:)` instead of looking each up.
    var namesInByteOrder: [String] { storage.namesInByteOrder }
    var specsInByteOrder: [FieldSpec] { storage.specsInByteOrder }
    var columnsInByteOrder: [Int?] { storage.columnsInByteOrder }
    /// The declared fields of `search`, in its order, each with its owner.
    var searchedFields: [(name: String, owner: Role)] { storage.searchedFields }

    private final class Storage: Sendable {
        let name: String
        let fields: [FieldSpec]
        let scopeRule: ScopeRule
        let rules: [RecordRule]
        let search: [String]
        let byName: [String: FieldSpec]
        let namesInByteOrder: [String]
        let specsInByteOrder: [FieldSpec]
        let columnsInByteOrder: [Int?]
        let searchedFields: [(name: String, owner: Role)]

        init(name: String, scope: ScopeRule, fields: [FieldSpec], rules: [RecordRule], search: [String]) {
            self.name = name
            self.scopeRule = scope
            self.fields = fields
            self.rules = rules
            self.search = search
            var map = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
            let writers = fields.reduce(into: Set<Role>()) { $0.formUnion($1.writers) }
            let owner: Role = writers.contains(.province) ? .province : .board
            map[RecordState.deletedField] = FieldSpec(RecordState.deletedField, .bool, owner: owner, writers: writers)
            self.byName = map
            let ordered = map.keys.sorted(by: utf8Precedes)
            namesInByteOrder = ordered
            specsInByteOrder = ordered.map { map[$0]! }
            columnsInByteOrder = ordered.map { name in fields.firstIndex { $0.name == name } }
            searchedFields = search.compactMap { name in map[name].map { (name, $0.owner) } }
        }
    }

    public init(_ name: String, scope: ScopeRule, fields: [FieldSpec], rules: [RecordRule] = [], search: [String] = []) {
        storage = Storage(name: name, scope: scope, fields: fields, rules: rules, search: search)
    }

    /// The spec of `name` (including `_deleted`), or nil.
    public func field(_ name: String) -> FieldSpec? { byName[name] }

    /// The spec of `name`, or an `unknown_field` error listing the declared fields.
    public func requireField(_ name: String) throws -> FieldSpec {
        if let spec = byName[name] { return spec }
        throw unknownField(name)
    }

    /// The `unknown_field` error for `name`, listing the declared fields.
    func unknownField(_ name: String) -> SyncError {
        SyncError(.unknownField, "collection '\(self.name)' has no field '\(name.prefix(60))'; its fields are: \(fields.map(\.name).joined(separator: ", "))")
    }

    /// Roles that may delete records (those that may write any field).
    public var deleters: Set<Role> { byName[RecordState.deletedField]!.writers }
}
