import Foundation
import GRDB
import Logging
import Synchronization
@_spi(Storage) import SyncCore

/// The embedded hub store: the hub's own replica (`DIR/hub.sqlite`, a relay: sync states only)
/// with the node registry in tables beside it, so a push's data and the node's highest counter
/// commit together. Every call runs on GRDB's threads, never blocking Swift's cooperative pool.
public final class SQLiteHubStore: HubStore {
    let replica: Replica
    /// Concurrent pushes, committed in groups.
    private let pushes: GroupCommit<PendingPush, ([ApplyResult], Int64)>
    public let backend = "sqlite"
    public var schema: Schema { replica.schema }

    /// Opens the store of `schema` in `directory`; creates it there unless `mustExist` (admin
    /// commands, so a mistyped directory is an error rather than a new, empty hub).
    public init(directory: String, schema: Schema, mustExist: Bool = false, logger: Logger = Logger(label: "tdsync.hub")) throws {
        if mustExist && !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("hub.sqlite")) {
            throw SyncError(.replicaUnusable, "\(directory) holds no hub (no hub.sqlite); give the directory `tdsync serve --data` uses")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent("hub.sqlite")
        replica = FileManager.default.fileExists(atPath: path)
            ? try Replica.open(at: path, schema: schema, logger: logger, companions: Self.registryMigrations)
            : try Replica.create(at: path, schema: schema, node: NodeRegistry.hubNode, role: .board, scopes: [Scope.national], purpose: .relay,
                                 logger: logger, companions: Self.registryMigrations)
        let replica = self.replica
        pushes = GroupCommit(maxWeight: Self.maxVersionsPerCommit) { group in try await Self.commit(group, into: replica) }
        guard replica.purpose == .relay else {
            throw SyncError(.replicaUnusable, "\(path) is a node's replica, not a hub's; give the directory `tdsync serve --data` uses")
        }
        try replica.withWriteTransaction { db in
            try db.execute(sql: "INSERT OR IGNORE INTO _hub_meta (id, epoch) VALUES (1, ?)", arguments: [UUID().uuidString.lowercased()])
        }
    }

    /// The registry's tables, beside the replica's in the same file. Releases before they had a
    /// migration made them at every start, so a file of those releases holds them already.
    static let registryMigrations = [
        SQLMigration("hub registry 1: nodes, epoch", sql: """
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
            """),
    ]

    public func registerNode(_ id: NodeID, role: Role, scopes: [String]) async throws -> String {
        let scopes = try NodeRegistry.registrationScopes(id, role: role, scopes: scopes, rules: schema.scopes)
        let (token, hash) = Tokens.make(for: id)
        try await replica.withWriteTransaction { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]) != nil {
                throw NodeRegistry.alreadyRegistered(id)
            }
            try db.execute(sql: "INSERT INTO _hub_nodes (node_id, role, scopes, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id.rawValue, role.rawValue, scopes.joined(separator: " "), hash, NodeRegistry.now()])
        }
        return token
    }

    public func setScopes(_ id: NodeID, scopes: [String]) async throws {
        let scopes = try NodeRegistry.movedScopes(scopes, rules: schema.scopes)
        try await replica.withWriteTransaction { db in
            try NodeRegistry.checkMovable(id, role: try String.fetchOne(db, sql: "SELECT role FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]))
            try db.execute(sql: "UPDATE _hub_nodes SET scopes = ? WHERE node_id = ?", arguments: [scopes.joined(separator: " "), id.rawValue])
        }
    }

    public func rotateToken(_ id: NodeID) async throws -> String {
        let (token, hash) = Tokens.make(for: id)
        try await replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET token_hash = ?, revoked_at = NULL WHERE node_id = ?", arguments: [hash, id.rawValue])
            if db.changesCount == 0 { throw NodeRegistry.notRegistered(id) }
        }
        return token
    }

    public func revoke(_ id: NodeID) async throws {
        try await replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET revoked_at = ? WHERE node_id = ?", arguments: [NodeRegistry.now(), id.rawValue])
            if db.changesCount == 0 { throw NodeRegistry.notRegistered(id) }
        }
    }

    public func nodes() async throws -> [RegisteredNode] {
        try await replica.withReadAccess { db in
            try Row.fetchAll(db, sql: "SELECT * FROM _hub_nodes ORDER BY node_id").map { try Self.node(from: $0) }
        }
    }

    public func authenticate(token: String) async throws -> RegisteredNode {
        let (id, secret) = try NodeRegistry.parse(token)
        let stored = try await replica.withReadAccess { db in
            try Row.fetchOne(db, sql: "SELECT * FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue])
                .map { (node: try Self.node(from: $0), tokenHash: $0["token_hash"] as String) }
        }
        return try NodeRegistry.check(secret: secret, of: id, against: stored)
    }

    public func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) async throws -> PushResponse {
        let rules = WriteRules(node: node, schema: schema)
        let valid = versions.compactMap { try? $0.get() }
        let push = PendingPush(batch: ApplyBatch(versions: valid, admit: { incoming, stored in try rules.admit(incoming, over: stored) }, origin: node.id),
                               node: node.id, highest: rules.highestIssued(in: valid))
        let (results, head) = try await pushes.submit(push, weight: max(1, valid.count))
        return PushResponse(results: PushOutcomes.inPlace(results, of: versions), hubSeq: head)
    }

    /// A push waiting for its group's commit.
    struct PendingPush: Sendable {
        let batch: ApplyBatch
        let node: NodeID
        /// The highest counter the push's versions claim for the node (`WriteRules.highestIssued`).
        let highest: UInt64
    }

    /// A group of pushes that arrived together, applied in one transaction: each push's versions
    /// under its own node's rules, then each node's highest counter, all committed at once.
    static func commit(_ pushes: [PendingPush], into replica: Replica) async throws -> [([ApplyResult], Int64)] {
        let head = Mutex<Int64>(0)
        let results = try await replica.apply(batches: pushes.map(\.batch), outbox: false, inTransaction: { db, _ in
            for push in pushes {
                // Rejected versions count too: the node issued those counters, so it must never
                // reuse them — unless the claim is implausible (a forged jump is not counted).
                try db.execute(sql: "UPDATE _hub_nodes SET highest_counter = ? WHERE node_id = ? AND highest_counter < ?",
                               arguments: [Int64(push.highest), push.node.rawValue, Int64(push.highest)])
            }
            // The head as the group left it, read in its transaction (no second trip to the file).
            let seq = try Int64.fetchOne(db, sql: "SELECT last_seq FROM _node WHERE id = 1") ?? 0
            head.withLock { $0 = seq }
        })
        let seq = head.withLock { $0 }
        return results.map { ($0, seq) }
    }

    /// Versions one group commit takes at most (a group always takes at least one push).
    static let maxVersionsPerCommit = 20_000

    public func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) async throws -> EncodedVersions {
        let page = try await replica.encodedChanges(after: cursor, scopes: node.role == .board ? nil : Set(node.scopes), limit: limit,
                                                    skippingOrigin: includeOwn ? nil : node.id)
        // Only a cursor that moved is written, so an idle long-poll commits nothing (no fsync).
        try await replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET last_seen_seq = ?, last_seen_at = ? WHERE node_id = ? AND coalesce(last_seen_seq, -1) < ?",
                           arguments: [cursor, NodeRegistry.now(), node.id.rawValue, cursor])
        }
        return page
    }

    public func latestSeq() async throws -> Int64 { try await replica.nodeState().lastSeq }

    public func epoch() async throws -> String {
        try await replica.withReadAccess { try String.fetchOne($0, sql: "SELECT epoch FROM _hub_meta WHERE id = 1") } ?? "none"
    }

    public func renewEpoch() async throws {
        try await replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_meta SET epoch = ? WHERE id = 1", arguments: [UUID().uuidString.lowercased()])
        }
    }

    /// One process owns the file: no other instance changes the log.
    public func observeChanges(_ onChange: @escaping @Sendable () async -> Void) async {}

    public func health() async -> StoreHealth {
        do {
            _ = try await latestSeq()
            return StoreHealth(backend: backend, reachable: true)
        } catch {
            return StoreHealth(backend: backend, reachable: false, error: "\(error)")
        }
    }

    /// Checkpoints and closes the hub's file.
    public func close() async { try? await replica.close() }

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
