/// What a replica holds and how it checks it: every collection and field, the scopes records may
/// live in, the reference data every replica is seeded with, and the migrations that build the
/// typed tables. The engine knows no collection of its own: an application declares its schema
/// and hands it to every replica and hub.
///
/// Every node must run the same `version`; a change to a collection or field is a new version
/// with a new migration.
public struct Schema: Sendable {
    /// The schema's name, stored in every replica made with it: a replica of another schema is
    /// refused rather than migrated.
    public let name: String
    /// The schema version nodes exchange at handshake.
    public let version: Int
    /// Collections in a fixed order.
    public let collections: [CollectionSpec]
    /// The scopes records may live in.
    public let scopes: ScopeRules
    /// The reference data every replica is seeded with (see `SeedData`).
    public let seed: SeedData
    /// The typed tables' migrations, in order: frozen SQL, run after the engine's own.
    public let migrations: [SQLMigration]
    private let byName: [String: CollectionSpec]

    public init(name: String, version: Int, collections: [CollectionSpec], scopes: ScopeRules,
                seed: SeedData = SeedData(), migrations: [SQLMigration]) {
        self.name = name
        self.version = version
        self.collections = collections
        self.scopes = scopes
        self.seed = seed
        self.migrations = migrations
        self.byName = Dictionary(uniqueKeysWithValues: collections.map { ($0.name, $0) })
    }

    /// The spec of `name`, or nil.
    public func collection(_ name: String) -> CollectionSpec? { byName[name] }

    /// The spec of `name`, or an `unknown_collection` error listing the declared collections.
    public func requireCollection(_ name: String) throws -> CollectionSpec {
        if let spec = byName[name] { return spec }
        throw SyncError(.unknownCollection, "there is no collection '\(name.prefix(60))'; collections are: \(collections.map(\.name).joined(separator: ", "))")
    }

    /// Checks `scope` against the collection's scope rule and the schema's scopes.
    public func validateScope(_ scope: String, of spec: CollectionSpec) throws {
        try scopes.validate(scope)
        switch spec.scopeRule {
        case .nationalOnly where scope != Scope.national:
            throw SyncError(.invalidScope, "records of '\(spec.name)' are national: their scope must be '*', not '\(scope)'")
        case .localOnly where scope == Scope.national:
            throw SyncError(.invalidScope, "records of '\(spec.name)' belong to a \(scopes.vocabulary.noun): give a \(scopes.vocabulary.noun) code, not '*'")
        default: return
        }
    }
}

extension Schema {
    /// Gives text values of date and decimal fields their types back, as after decoding JSON
    /// (JSON carries dates and decimals as strings). Values that do not parse stay text.
    public func typed(_ state: RecordState, collection: String) -> RecordState {
        guard let spec = self.collection(collection) else { return state }
        var result = state
        for (name, siblings) in state.fields {
            guard let type = spec.field(name)?.type, type == .date || type == .decimal else { continue }
            result.fields[name] = siblings.map { sibling in
                guard case .text(let text) = sibling.value else { return sibling }
                let value: FieldValue? = type == .date ? CivilDate(iso: text).map(FieldValue.date) : DecimalText(text).map(FieldValue.decimal)
                return value.map { Sibling(dot: sibling.dot, timestamp: sibling.timestamp, role: sibling.role, value: $0) } ?? sibling
            }
        }
        return result
    }
}
