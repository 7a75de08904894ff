/// Where a collection's records may live.
public enum ScopeRule: String, Sendable {
    /// Only national data (`*`).
    case nationalOnly = "national"
    /// Only a province code.
    case provinceOnly = "province"
    /// National or a province.
    case any
}

/// A rule over a whole record, checked on local writes.
public enum RecordRule: Sendable {
    /// Exactly one of these fields must hold a non-null value.
    case exactlyOne([String])
    /// The field, when set, must name an `award_types` record whose category is one of these.
    case catalogReference(field: String, categories: [String])
}

/// One declared collection: its fields, where its records may live, and its record rules.
public struct CollectionSpec: Sendable {
    /// The collection's name, also its typed table's name.
    public let name: String
    /// Declared fields in column order (without `_deleted`).
    public let fields: [FieldSpec]
    public let scopeRule: ScopeRule
    public let rules: [RecordRule]
    /// The schema version that added the collection.
    public let since: Int
    private let byName: [String: FieldSpec]

    public init(_ name: String, scope: ScopeRule, fields: [FieldSpec], rules: [RecordRule] = [], since: Int = 1) {
        self.name = name
        self.since = since
        self.scopeRule = scope
        self.fields = fields
        self.rules = rules
        var map = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
        let writers = fields.reduce(into: Set<Role>()) { $0.formUnion($1.writers) }
        let owner: Role = writers.contains(.province) ? .province : .board
        map[RecordState.deletedField] = FieldSpec(RecordState.deletedField, .bool, owner: owner, writers: writers)
        self.byName = map
    }

    /// The spec of `name` (including `_deleted`), or nil.
    public func field(_ name: String) -> FieldSpec? { byName[name] }

    /// The spec of `name`, or an `unknown_field` error listing the declared fields.
    public func requireField(_ name: String) throws -> FieldSpec {
        if let spec = byName[name] { return spec }
        throw SyncError(.unknownField, "collection '\(self.name)' has no field '\(name.prefix(60))'; its fields are: \(fields.map(\.name).joined(separator: ", "))")
    }

    /// Roles that may delete records (those that may write any field).
    public var deleters: Set<Role> { byName[RecordState.deletedField]!.writers }

    /// Checks `scope` against the collection's scope rule and the known province codes.
    public func validateScope(_ scope: String) throws {
        try Scope.validate(scope)
        switch scopeRule {
        case .nationalOnly where scope != Scope.national:
            throw SyncError(.invalidScope, "records of '\(name)' are national: their scope must be '*', not '\(scope)'")
        case .provinceOnly where scope == Scope.national:
            throw SyncError(.invalidScope, "records of '\(name)' belong to a province: give a province code, not '*'")
        default: return
        }
    }
}
