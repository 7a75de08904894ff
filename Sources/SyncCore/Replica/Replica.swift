import CSQLiteTuning
import Foundation
import GRDB
import GRDBSQLite
import Logging

/// A node's local SQLite replica of one schema: typed tables a person can query, sync metadata
/// beside them, the change log, open conflicts and the node's own counters. The only part of
/// SyncCore that touches SQLite. Writes are serialised; reads run concurrently (WAL).
public final class Replica: Sendable {
    /// How hard commits are pushed to disk.
    public enum Durability: Sendable {
        /// `synchronous=FULL`: a committed write survives power loss.
        case full
        /// `synchronous=NORMAL`: survives a process crash; the last commits may be lost on power loss.
        case normal
    }

    /// What a replica keeps beside the sync states, fixed when it is created.
    public enum Purpose: String, Sendable {
        /// Typed tables and the search index, kept with every write: a node's replica, which
        /// people and applications query.
        case node
        /// Sync states only: a replica that stores and serves versions and is never queried (a
        /// hub's). One insert per record less is a third of its write cost.
        case relay
    }

    /// The file the replica lives in.
    public let path: String
    public let schema: Schema
    /// This replica's node id.
    public let node: NodeID
    /// This replica's role, the author role of its writes.
    public let role: Role
    public let purpose: Purpose
    let pool: DatabasePool
    let wallClock: WallClock
    let tables: [String: TypedTable]
    /// Each collection's field positions in stored states (`_fields`), fixed at open.
    let layouts: [String: FieldLayout]
    let logger: Logger

    /// Whether writes maintain the typed tables and the search index.
    var keepsTypedTables: Bool { purpose == .node }

    private init(path: String, pool: DatabasePool, schema: Schema, identity: StoredIdentity, layouts: [String: FieldLayout],
                 wallClock: WallClock, logger: Logger) {
        self.path = path
        self.pool = pool
        self.node = identity.node
        self.role = identity.role
        self.purpose = identity.purpose
        self.schema = schema
        self.wallClock = wallClock
        self.logger = logger
        self.layouts = layouts
        self.tables = Dictionary(uniqueKeysWithValues: schema.collections.enumerated().map { ($1.name, TypedTable($1, position: $0)) })
    }

    /// Creates a new replica file of `schema` for `node`, seeds the schema's reference data, and
    /// opens it. Fails with `already_exists` if the file exists. The file is built under a
    /// temporary name and renamed into place when complete, so an interrupted create leaves no
    /// half-made replica. `companions`: migrations of tables the caller keeps in the same file
    /// (a hub's node registry), run after the schema's.
    public static func create(at path: String, schema: Schema, node: NodeID, role: Role, scopes: [String], purpose: Purpose = .node,
                              durability: Durability = .full, wallClock: WallClock = .system,
                              logger: Logger = Logger(label: "tdsync.replica"), companions: [SQLMigration] = []) throws -> Replica {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            throw SyncError(.alreadyExists, "a file already exists at \(path); choose another path or open it")
        }
        guard node != .seed else { throw SyncError(.invalidNodeID, "node id 'seed' is reserved for reference data") }
        let scopes = try validatedScopes(scopes, role: role, rules: schema.scopes)
        let staging = "\(path).creating-\(UUID().uuidString.prefix(8))"
        defer { for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: staging + suffix) } }
        // Owner-only: the file will hold the node's bearer token (SQLite gives its -wal and -shm
        // files the same permissions).
        guard files.createFile(atPath: staging, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw SyncError(.storageFailure, "cannot create \(staging); check the directory exists and is writable")
        }
        let pool = try openPool(staging, durability: durability)
        try ReplicaMigrations.migrator(for: schema, companions: companions).migrate(pool)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO _node (id, node_id, role, scopes, counter, hlc_physical, hlc_logical, last_seq, created_at, purpose, schema_name)
                VALUES (1, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?)
                """, arguments: [node.rawValue, role.rawValue, scopes.joined(separator: " "), ISO8601DateFormatter().string(from: Date()),
                                 purpose.rawValue, schema.name])
        }
        let seeding = Replica(path: staging, pool: pool, schema: schema, identity: StoredIdentity(node: node, role: role, purpose: purpose, schemaName: schema.name),
                              layouts: try loadLayouts(pool, path: path, schema: schema), wallClock: wallClock, logger: logger)
        try seeding.checkTypedTables()
        let results = try seeding.applySeedData()
        if let bad = results.first(where: { if case .rejected = $0.outcome { true } else { false } }) {
            throw SyncError(.replicaUnusable, "the schema's reference data did not seed: \(bad.key) \(bad.outcome)")
        }
        try seeding.close()
        do {
            try files.moveItem(atPath: staging, toPath: path)
        } catch {
            throw SyncError(.alreadyExists, "cannot create \(path): \(error.localizedDescription)")
        }
        return try open(at: path, schema: schema, durability: durability, wallClock: wallClock, logger: logger, companions: companions)
    }

    /// Opens an existing replica of `schema`, running any pending migrations and seeding reference
    /// data newer than the file's. Fails with `replica_unusable` if the file is missing, not a
    /// tdsync replica, corrupt, of another schema, or written by a newer program.
    public static func open(at path: String, schema: Schema, durability: Durability = .full, wallClock: WallClock = .system,
                            logger: Logger = Logger(label: "tdsync.replica"), companions: [SQLMigration] = []) throws -> Replica {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SyncError(.replicaUnusable, "no replica at \(path); create one with `tdsync init --db \(path) --node ID`")
        }
        do {
            let pool = try openPool(path, durability: durability)
            let migrator = ReplicaMigrations.migrator(for: schema, companions: companions)
            try pool.read { db in try ReplicaMigrations.checkOpenable(db, path: path, schema: schema, migrator: migrator) }
            try migrator.migrate(pool)
            let identity = try pool.read { db in try StoredIdentity.load(db, path: path) }
            if identity.schemaName == nil {
                // Files of releases before schemas had names take the name they are opened with.
                try pool.write { try $0.execute(sql: "UPDATE _node SET schema_name = ? WHERE id = 1", arguments: [schema.name]) }
            }
            let replica = Replica(path: path, pool: pool, schema: schema, identity: identity, layouts: try loadLayouts(pool, path: path, schema: schema),
                                  wallClock: wallClock, logger: logger)
            try replica.checkTypedTables()
            try replica.refreshSearchIndexIfNeeded()
            replica.upgradeSeedData()
            return replica
        } catch let error as SyncError {
            throw error
        } catch let error as DatabaseError {
            throw SyncError(.replicaUnusable, "\(path) cannot be read as a replica: \(error.message ?? "\(error.resultCode)")", underlying: error)
        } catch {
            throw SyncError(.replicaUnusable, "\(path) cannot be read as a replica: \(error)")
        }
    }

    /// The file's field layouts, first giving a position to every field of `schema` the file has
    /// none for yet (a write only then).
    private static func loadLayouts(_ pool: DatabasePool, path: String, schema: Schema) throws -> [String: FieldLayout] {
        let layouts = try pool.read { try FieldLayout.load($0, path: path) }
        let missing = FieldLayout.missing(in: layouts, schema: schema)
        guard !missing.isEmpty else { return layouts }
        return try pool.write { db in
            try FieldLayout.extend(db, with: missing)
            return try FieldLayout.load(db, path: path)
        }
    }

    /// Process-wide SQLite settings, made once before the first connection opens.
    private static let sqliteTuned: Bool = tdsync_sqlite_disable_memstatus() == SQLITE_OK

    /// Applies tdsync's process-wide SQLite settings (no memory statistics, so allocations take
    /// no global lock). Opening a replica does it; a program that uses SQLite for anything else
    /// first should call this before. Returns false when SQLite was already in use (no effect).
    @discardableResult
    public static func configureSQLiteForProcess() -> Bool { sqliteTuned }

    /// Page cache per connection, in KiB: the writer keeps the hot part of the record and
    /// sequence indexes in memory as the replica grows; readers keep SQLite's default.
    static let writerCacheKiB = 32_768

    private static func openPool(_ path: String, durability: Durability) throws -> DatabasePool {
        configureSQLiteForProcess()
        var config = Configuration()
        config.label = "tdsync.replica"
        config.busyMode = .timeout(10)
        let synchronous = durability == .full ? "FULL" : "NORMAL"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -\(writerCacheKiB)") }
        }
        do {
            return try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw SyncError(.replicaUnusable, "\(path) cannot be opened as a replica: \(error.message ?? "\(error.resultCode)")", underlying: error)
        }
    }

    static func validatedScopes(_ scopes: [String], role: Role, rules: ScopeRules) throws -> [String] {
        for scope in scopes { try rules.validate(scope) }
        let unique = Array(Set(scopes)).sorted()
        switch role {
        case .board, .admin: return unique.isEmpty ? [Scope.national] : unique
        case .province, .reader:
            guard !unique.isEmpty else {
                throw SyncError(.invalidScope, "a \(role.rawValue) node needs at least one scope (a \(rules.vocabulary.noun) code such as '\(rules.vocabulary.example)')")
            }
            return unique
        }
    }

    /// Checkpoints the write-ahead log into the main file and closes it, so the closed file alone
    /// holds every committed write (safe to copy). Any later use of this replica fails with
    /// `storage_failure`.
    public func close() throws {
        try storage {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        }
    }

    /// `close()`, the checkpoint run on GRDB's writer thread, off Swift's cooperative pool.
    public func close() async throws {
        try await storage {
            try await pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        }
    }

    /// Writes a consistent copy of the replica to `path` (SQLite `VACUUM INTO`) while it stays in use.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SyncError(.alreadyExists, "a file already exists at \(path); back up to a new path")
        }
        try storage { try pool.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [path]) } }
    }

    /// Runs `body`, turning SQLite errors into `storage_failure`.
    func storage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw mapped(error)
        }
    }

    /// `storage` for the replica's asynchronous calls, which run on GRDB's own threads.
    func storage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw mapped(error)
        }
    }

    private func mapped(_ error: any Error) -> any Error {
        switch error {
        case let error as DatabaseError:
            return SyncError(.storageFailure, "the replica at \(path) failed: \(error.message ?? "\(error.resultCode)")", underlying: error)
        case let error as SyncError where error.code == .replicaUnusable && !error.message.contains(path):
            return SyncError(.replicaUnusable, "\(path): \(error.message)", underlying: error.underlying)
        case let error as SyncError:
            return error
        default:
            // A row that cannot be decoded (a damaged file): an error naming the file, never a crash.
            return SyncError(.replicaUnusable, "\(path) is damaged: \(error); run `tdsync check --db \(path)`")
        }
    }
}

/// Who a replica file belongs to, as its `_node` row says.
struct StoredIdentity {
    let node: NodeID
    let role: Role
    let purpose: Purpose
    /// The schema the file's records belong to; nil in files of releases before schemas had names.
    let schemaName: String?

    typealias Purpose = Replica.Purpose

    /// The identity in the file.
    static func load(_ db: Database, path: String) throws -> StoredIdentity {
        guard let row = try Row.fetchOne(db, sql: "SELECT node_id, role, purpose, schema_name FROM _node WHERE id = 1"),
              let role = Role(rawValue: try row.decode(String.self, forColumn: "role")) else {
            throw SyncError(.replicaUnusable, "\(path) has no node identity; it was never initialised")
        }
        guard let purpose = Purpose(rawValue: try row.decode(String.self, forColumn: "purpose")) else {
            throw SyncError(.replicaUnusable, "\(path) has an unknown purpose; it was written by a newer tdsync")
        }
        return StoredIdentity(node: try NodeID(try row.decode(String.self, forColumn: "node_id")), role: role, purpose: purpose,
                              schemaName: try row.decode(String?.self, forColumn: "schema_name"))
    }
}
