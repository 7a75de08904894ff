import Foundation
import GRDB
import Logging
import SyncCore

/// The embedded hub store: the hub's own replica (`DIR/hub.sqlite`) with the node registry in
/// tables beside it, so a push's data and the node's highest counter commit together.
public final class SQLiteHubStore: HubStore {
    /// The hub's node id in its own replica; it never writes records.
    static let hubNode = NodeID.hubReplica
    let replica: Replica
    public let backend = "sqlite"

    /// Opens the store in `directory`; creates it there unless `mustExist` (admin commands, so a
    /// mistyped directory is an error rather than a new, empty hub).
    public init(directory: String, mustExist: Bool = false, logger: Logger = Logger(label: "tdsync.hub")) throws {
        if mustExist && !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("hub.sqlite")) {
            throw SyncError(.replicaUnusable, "\(directory) holds no hub (no hub.sqlite); give the directory `tdsync serve --data` uses")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("hub.sqlite")
        replica = FileManager.default.fileExists(atPath: path)
            ? try Replica.open(at: path, logger: logger)
            : try Replica.create(at: path, node: Self.hubNode, role: .board, scopes: [Scope.national], logger: logger)
        try replica.withWriteTransaction { db in try Self.registryMigrator.migrate(db) }
    }

    static let registryMigrator: HubRegistryMigrator = HubRegistryMigrator()

    public func registerNode(_ id: NodeID, role: Role, scopes: [String]) throws -> String {
        let scopes = try NodeRegistry.registrationScopes(id, role: role, scopes: scopes)
        let (token, hash) = Tokens.make(for: id)
        try replica.withWriteTransaction { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]) != nil {
                throw NodeRegistry.alreadyRegistered(id)
            }
            try db.execute(sql: "INSERT INTO _hub_nodes (node_id, role, scopes, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id.rawValue, role.rawValue, scopes.joined(separator: " "), hash, NodeRegistry.now()])
        }
        return token
    }

    public func setScopes(_ id: NodeID, scopes: [String]) throws {
        let scopes = try NodeRegistry.movedScopes(scopes)
        try replica.withWriteTransaction { db in
            try NodeRegistry.checkMovable(id, role: try String.fetchOne(db, sql: "SELECT role FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]))
            try db.execute(sql: "UPDATE _hub_nodes SET scopes = ? WHERE node_id = ?", arguments: [scopes.joined(separator: " "), id.rawValue])
        }
    }

    public func rotateToken(_ id: NodeID) throws -> String {
        let (token, hash) = Tokens.make(for: id)
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET token_hash = ?, revoked_at = NULL WHERE node_id = ?", arguments: [hash, id.rawValue])
            if db.changesCount == 0 { throw NodeRegistry.notRegistered(id) }
        }
        return token
    }

    public func revoke(_ id: NodeID) throws {
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET revoked_at = ? WHERE node_id = ?", arguments: [NodeRegistry.now(), id.rawValue])
            if db.changesCount == 0 { throw NodeRegistry.notRegistered(id) }
        }
    }

    public func nodes() throws -> [RegisteredNode] {
        try replica.withReadAccess { db in
            try Row.fetchAll(db, sql: "SELECT * FROM _hub_nodes ORDER BY node_id").map { try Self.node(from: $0) }
        }
    }

    public func authenticate(token: String) throws -> RegisteredNode {
        let (id, secret) = try NodeRegistry.parse(token)
        let row = try replica.withReadAccess { db in
            try Row.fetchOne(db, sql: "SELECT * FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue])
        }
        return try NodeRegistry.check(secret: secret, of: id, against: try row.map { (try Self.node(from: $0), $0["token_hash"]) })
    }

    public func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) throws -> PushResponse {
        let rules = WriteRules(node: node)
        let valid = versions.compactMap { try? $0.get() }
        let results = try replica.apply(valid, admit: { incoming, stored in try rules.admit(incoming, over: stored) }, outbox: false,
                                        origin: node.id, inTransaction: { db, _ in
            // Rejected versions count too: the node issued those counters, so it must never reuse
            // them — unless the claim is implausible (a forged jump is not counted).
            let highest = rules.highestIssued(in: valid)
            try db.execute(sql: "UPDATE _hub_nodes SET highest_counter = ? WHERE node_id = ? AND highest_counter < ?",
                           arguments: [Int64(highest), node.id.rawValue, Int64(highest)])
        })
        let merged = PushOutcomes.inPlace(results, of: versions)
        return PushResponse(results: merged, hubSeq: try latestSeq())
    }

    public func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) throws -> EncodedVersions {
        let page = try replica.encodedChanges(after: cursor, scopes: node.role == .board ? nil : Scope.covering(Set(node.scopes)), limit: limit,
                                              skippingOrigin: includeOwn ? nil : node.id)
        // Only a cursor that moved is written, so an idle long-poll commits nothing (no fsync).
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET last_seen_seq = ?, last_seen_at = ? WHERE node_id = ? AND coalesce(last_seen_seq, -1) < ?",
                           arguments: [cursor, NodeRegistry.now(), node.id.rawValue, cursor])
        }
        return page
    }

    public func latestSeq() throws -> Int64 { try replica.nodeState().lastSeq }

    public func epoch() throws -> String {
        try replica.withReadAccess { try String.fetchOne($0, sql: "SELECT epoch FROM _hub_meta WHERE id = 1") } ?? "none"
    }

    public func renewEpoch() throws {
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_meta SET epoch = ? WHERE id = 1", arguments: [UUID().uuidString.lowercased()])
        }
    }

    /// One process owns the file: no other instance changes the log.
    public func observeChanges(_ onChange: @escaping @Sendable () async -> Void) async {}

    public func health() async -> StoreHealth {
        do {
            _ = try latestSeq()
            return StoreHealth(backend: backend, reachable: true)
        } catch {
            return StoreHealth(backend: backend, reachable: false, error: "\(error)")
        }
    }

    /// Checkpoints and closes the hub's file.
    public func close() async { try? replica.close() }

    /// Writes a consistent copy of the hub's data (replica and registry) into `directory`.
    public func backup(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try replica.backup(to: (directory as NSString).appendingPathComponent("hub.sqlite"))
    }

    static func node(from row: Row) throws -> RegisteredNode {
        let scopes: String = row["scopes"]
        return RegisteredNode(id: try NodeID(row["node_id"]), role: try Role(parsing: row["role"]),
                              scopes: scopes.split(separator: " ").map(String.init), revoked: row["revoked_at"] as String? != nil,
                              highestCounter: UInt64(max(0, row["highest_counter"] as Int64)),
                              lastSeenSeq: row["last_seen_seq"], lastSeenAt: row["last_seen_at"])
    }
}

/// The registry's tables, created beside the hub replica's own.
struct HubRegistryMigrator: Sendable {
    func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS _hub_nodes (
                node_id TEXT PRIMARY KEY NOT NULL,
                role TEXT NOT NULL,
                scopes TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT,
                highest_counter INTEGER NOT NULL DEFAULT 0,
                last_seen_seq INTEGER,
                last_seen_at TEXT
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS _hub_meta (id INTEGER PRIMARY KEY CHECK (id = 1), epoch TEXT NOT NULL);
            """)
        try db.execute(sql: "INSERT OR IGNORE INTO _hub_meta (id, epoch) VALUES (1, ?)", arguments: [UUID().uuidString.lowercased()])
    }
}
