import CSQLiteTuning
import Foundation
import GRDB
import GRDBSQLite
import Logging

/// A node's local SQLite replica: typed tables a person can query, sync metadata beside them,
/// the change log, open conflicts and the node's own counters. The only part of SyncCore that
/// touches SQLite. Writes are serialised; reads run concurrently (WAL).
public final class Replica: Sendable {
    /// How hard commits are pushed to disk.
    public enum Durability: Sendable {
        /// `synchronous=FULL`: a committed write survives power loss.
        case full
        /// `synchronous=NORMAL`: survives a process crash; the last commits may be lost on power loss.
        case normal
    }

    /// The file the replica lives in.
    public let path: String
    public let schema: Schema
    /// This replica's node id.
    public let node: NodeID
    /// This replica's role, the author role of its writes.
    public let role: Role
    let pool: DatabasePool
    let wallClock: WallClock
    let tables: [String: TypedTable]
    /// Whether writes maintain the typed tables. A hub's replica keeps sync states only: nobody
    /// queries it, and one insert per record less is a third of its write cost.
    let keepsTypedTables: Bool
    let logger: Logger

    private init(path: String, pool: DatabasePool, node: NodeID, role: Role, schema: Schema,
                 wallClock: WallClock, logger: Logger) {
        self.path = path
        self.pool = pool
        self.node = node
        self.role = role
        self.schema = schema
        self.wallClock = wallClock
        self.logger = logger
        self.tables = Dictionary(uniqueKeysWithValues: schema.collections.map { ($0.name, TypedTable($0)) })
        self.keepsTypedTables = node != .hubReplica
    }

    /// Creates a new replica file for `node`, seeds the award catalog, and opens it.
    /// Fails with `already_exists` if the file exists. The file is built under a temporary name and
    /// renamed into place when complete, so an interrupted create leaves no half-made replica.
    public static func create(at path: String, node: NodeID, role: Role, scopes: [String],
                              durability: Durability = .full, wallClock: WallClock = .system,
                              logger: Logger = Logger(label: "tdsync.replica")) throws -> Replica {
        try create(at: path, node: node, role: role, scopes: scopes, durability: durability, wallClock: wallClock, logger: logger,
                   catalogEdition: CatalogSeed.edition)
    }

    /// `create`, seeding the award catalog of `catalogEdition` and opening the file without the
    /// catalog upgrade when it is older: how tests build a replica of an earlier tdsync.
    static func create(at path: String, node: NodeID, role: Role, scopes: [String], durability: Durability = .full,
                       wallClock: WallClock = .system, logger: Logger = Logger(label: "tdsync.replica"),
                       catalogEdition: UInt64) throws -> Replica {
        let files = FileManager.default
        if files.fileExists(atPath: path) {
            throw SyncError(.alreadyExists, "a file already exists at \(path); choose another path or open it")
        }
        guard node != .seed else { throw SyncError(.invalidNodeID, "node id 'seed' is reserved for catalog data") }
        let scopes = try validatedScopes(scopes, role: role)
        let staging = "\(path).creating-\(UUID().uuidString.prefix(8))"
        defer { for suffix in ["", "-wal", "-shm"] { try? files.removeItem(atPath: staging + suffix) } }
        // Owner-only: the file will hold the node's bearer token (SQLite gives its -wal and -shm
        // files the same permissions).
        guard files.createFile(atPath: staging, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw SyncError(.storageFailure, "cannot create \(staging); check the directory exists and is writable")
        }
        let pool = try openPool(staging, durability: durability)
        try migrator.migrate(pool)
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO _node (id, node_id, role, scopes, counter, hlc_physical, hlc_logical, last_seq, created_at)
                VALUES (1, ?, ?, ?, 0, 0, 0, 0, ?)
                """, arguments: [node.rawValue, role.rawValue, scopes.joined(separator: " "), ISO8601DateFormatter().string(from: Date())])
        }
        let seeding = Replica(path: staging, pool: pool, node: node, role: role, schema: .current, wallClock: wallClock, logger: logger)
        let results = try seeding.apply(CatalogSeed.versions(edition: catalogEdition))
        if let bad = results.first(where: { if case .rejected = $0.outcome { true } else { false } }) {
            throw SyncError(.replicaUnusable, "the built-in catalog did not seed: \(bad.key) \(bad.outcome)")
        }
        try seeding.close()
        do {
            try files.moveItem(atPath: staging, toPath: path)
        } catch {
            throw SyncError(.alreadyExists, "cannot create \(path): \(error.localizedDescription)")
        }
        return try open(at: path, durability: durability, wallClock: wallClock, logger: logger,
                        upgradesCatalog: catalogEdition >= CatalogSeed.edition)
    }

    /// Opens an existing replica, running any pending migrations. Fails with `replica_unusable`
    /// if the file is missing, not a tdsync replica, corrupt, or written by a newer tdsync.
    public static func open(at path: String, durability: Durability = .full, wallClock: WallClock = .system,
                            logger: Logger = Logger(label: "tdsync.replica")) throws -> Replica {
        try open(at: path, durability: durability, wallClock: wallClock, logger: logger, upgradesCatalog: true)
    }

    /// `open`; `upgradesCatalog` false leaves an older seeded catalog as it is (tests only).
    static func open(at path: String, durability: Durability = .full, wallClock: WallClock = .system,
                     logger: Logger = Logger(label: "tdsync.replica"), upgradesCatalog: Bool) throws -> Replica {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SyncError(.replicaUnusable, "no replica at \(path); create one with `tdsync init --db \(path) --node ID`")
        }
        do {
            let pool = try openPool(path, durability: durability)
            let (node, role) = try pool.read { db -> (NodeID, Role) in
                guard try db.tableExists("_node") else {
                    throw SyncError(.replicaUnusable, "\(path) is not a tdsync replica (no node table)")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw SyncError(.replicaUnusable, "\(path) was written by a newer tdsync; upgrade tdsync to open it")
                }
                guard let row = try Row.fetchOne(db, sql: "SELECT node_id, role FROM _node WHERE id = 1"),
                      let role = Role(rawValue: try row.decode(String.self, forColumn: "role")) else {
                    throw SyncError(.replicaUnusable, "\(path) has no node identity; it was never initialised")
                }
                return (try NodeID(try row.decode(String.self, forColumn: "node_id")), role)
            }
            try migrator.migrate(pool)
            let replica = Replica(path: path, pool: pool, node: node, role: role, schema: .current, wallClock: wallClock, logger: logger)
            try replica.seedMissingRules()
            if upgradesCatalog { replica.upgradeCatalog() }
            return replica
        } catch let error as SyncError {
            throw error
        } catch let error as DatabaseError {
            throw SyncError(.replicaUnusable, "\(path) cannot be read as a replica: \(error.message ?? "\(error.resultCode)")", underlying: error)
        } catch {
            throw SyncError(.replicaUnusable, "\(path) cannot be read as a replica: \(error)")
        }
    }

    /// Seeds the eligibility rules into a replica created before schema 2 had them (identical
    /// versions everywhere, like the catalog, so seeding never conflicts).
    private func seedMissingRules() throws {
        let count = try storage { try pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM _records WHERE collection = 'eligibility_rules'") ?? 0 } }
        guard count == 0 else { return }
        _ = try apply(CatalogSeed.eligibilityRules())
    }

    /// Brings a catalog seeded by an earlier edition up to this tdsync's (`CatalogSeed`): applies
    /// the seeded version of each entry whose vector has not seen the current edition. The merge
    /// keeps what the board wrote since, every replica computes the same state, and the upgrade
    /// puts nothing in the outbox (the hub and the other nodes upgrade their own copies). Best
    /// effort: a replica that cannot be upgraded now (a damaged entry, which `tdsync check` and
    /// the reads of that entry report; a busy file) opens with the catalog it has, is upgraded at
    /// a later open, and says so only at debug level (a CLI command's stderr stays its own).
    private func upgradeCatalog() {
        do {
            let stale = try storage {
                try pool.read { db in
                    // Every replica was seeded when created: an entry missing is damage, left to `check`.
                    try CatalogSeed.awardTypes().filter { (try load($0.key, in: db)?.state.vv[.seed] ?? CatalogSeed.edition) < CatalogSeed.edition }
                }
            }
            guard !stale.isEmpty else { return }
            for result in try apply(stale, outbox: .unchanged) {
                // Only a replica holding a forged seed value refuses it; it keeps the older entry.
                if case .rejected(let code, let message) = result.outcome {
                    logger.debug("catalog entry not upgraded", metadata: ["key": "\(result.key)", "code": "\(code)", "message": "\(message)"])
                }
            }
            logger.debug("award catalog upgraded", metadata: ["edition": "\(CatalogSeed.edition)", "entries": "\(stale.count)"])
        } catch {
            logger.debug("award catalog not upgraded", metadata: ["edition": "\(CatalogSeed.edition)", "error": "\(error)"])
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

    static func validatedScopes(_ scopes: [String], role: Role) throws -> [String] {
        for scope in scopes { try Scope.validate(scope) }
        let unique = Array(Set(scopes)).sorted()
        switch role {
        case .board, .admin: return unique.isEmpty ? [Scope.national] : unique
        case .province, .reader:
            guard !unique.isEmpty else {
                throw SyncError(.invalidScope, "a \(role.rawValue) node needs at least one scope (a province code such as 'hn')")
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

    /// Writes a consistent copy of the replica to `path` (SQLite `VACUUM INTO`) while it stays in use.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw SyncError(.alreadyExists, "a file already exists at \(path); back up to a new path")
        }
        try storage { try pool.writeWithoutTransaction { try $0.execute(sql: "VACUUM INTO ?", arguments: [path]) } }
    }

    /// The node's identity, counter, clock and last sequence, as stored.
    public func nodeState() throws -> NodeState {
        try storage { try pool.read { db in try WriteContext.load(db).nodeState } }
    }

    /// Raises the node's counter to at least `counter` (the hub reports the highest counter it
    /// has seen from this node at handshake), so a restored replica never reuses a dot.
    @discardableResult
    public func raiseCounter(atLeast counter: UInt64) throws -> Bool {
        try storage {
            try pool.write { db in
                var ctx = try WriteContext.load(db)
                guard ctx.counter < counter else { return false }
                ctx.counter = counter
                try ctx.store(db)
                return true
            }
        }
    }

    /// Takes the scopes the hub now registers this node with (a province office moved after the
    /// 2025 merger). When they cover a scope the replica did not, the pull cursor goes back to 0
    /// so the records of the new scopes arrive. Returns whether anything changed.
    @discardableResult
    public func adoptScopes(_ scopes: [String]) throws -> Bool {
        guard role == .province || role == .reader else { return false }
        let wanted = Array(Set(scopes)).sorted()
        for scope in wanted { try Scope.validate(scope) }
        return try storage {
            try pool.write { db in
                let current = try WriteContext.load(db).scopes
                guard Set(current) != Set(wanted), !wanted.isEmpty else { return false }
                try db.execute(sql: "UPDATE _node SET scopes = ? WHERE id = 1", arguments: [wanted.joined(separator: " ")])
                if !Scope.covering(Set(wanted)).isSubset(of: Scope.covering(Set(current))) {
                    try db.execute(sql: "UPDATE _sync SET pull_cursor = 0 WHERE id = 1")
                }
                return true
            }
        }
    }

    /// Runs `body`, turning SQLite errors into `storage_failure`.
    func storage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw SyncError(.storageFailure, "the replica at \(path) failed: \(error.message ?? "\(error.resultCode)")", underlying: error)
        } catch let error as SyncError where error.code == .replicaUnusable && !error.message.contains(path) {
            throw SyncError(.replicaUnusable, "\(path): \(error.message)", underlying: error.underlying)
        } catch let error as SyncError {
            throw error
        } catch {
            // A row that cannot be decoded (a damaged file): an error naming the file, never a crash.
            throw SyncError(.replicaUnusable, "\(path) is damaged: \(error); run `tdsync check --db \(path)`")
        }
    }
}
