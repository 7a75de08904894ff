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
        guard id != Self.hubNode, id != .seed else { throw SyncError(.invalidNodeID, "node id '\(id)' is reserved") }
        for scope in scopes { try Scope.validate(scope) }
        if (role == .board || role == .admin) && scopes.contains(where: { $0 != Scope.national }) {
            throw SyncError(.invalidScope, "\(role == .admin ? "an" : "a") \(role.rawValue) node sees every scope; register it without scopes")
        }
        let scopes = role == .province || role == .reader ? Array(Set(scopes)).sorted() : [Scope.national]
        if (role == .province || role == .reader) && (scopes.isEmpty || scopes.contains(Scope.national)) {
            throw SyncError(.invalidScope, "a \(role.rawValue) node needs one or more province scopes (not '*')")
        }
        let (token, hash) = Tokens.make(for: id)
        try replica.withWriteTransaction { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]) != nil {
                throw SyncError(.alreadyExists, "node \(id) is already registered; rotate its token instead")
            }
            try db.execute(sql: "INSERT INTO _hub_nodes (node_id, role, scopes, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id.rawValue, role.rawValue, scopes.joined(separator: " "), hash, Self.now()])
        }
        return token
    }

    public func setScopes(_ id: NodeID, scopes: [String]) throws {
        for scope in scopes { try Scope.validate(scope) }
        let scopes = Array(Set(scopes)).sorted()
        guard !scopes.isEmpty, !scopes.contains(Scope.national) else {
            throw SyncError(.invalidScope, "give one or more province scopes (not '*')")
        }
        try replica.withWriteTransaction { db in
            guard let role = try String.fetchOne(db, sql: "SELECT role FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue]) else {
                throw SyncError(.unknownNode, "node \(id) is not registered")
            }
            guard role == Role.province.rawValue || role == Role.reader.rawValue else {
                throw SyncError(.invalidScope, "node \(id) is a \(role) node: it sees every scope")
            }
            try db.execute(sql: "UPDATE _hub_nodes SET scopes = ? WHERE node_id = ?", arguments: [scopes.joined(separator: " "), id.rawValue])
        }
    }

    public func rotateToken(_ id: NodeID) throws -> String {
        let (token, hash) = Tokens.make(for: id)
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET token_hash = ?, revoked_at = NULL WHERE node_id = ?", arguments: [hash, id.rawValue])
            if db.changesCount == 0 { throw SyncError(.unknownNode, "node \(id) is not registered") }
        }
        return token
    }

    public func revoke(_ id: NodeID) throws {
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET revoked_at = ? WHERE node_id = ?", arguments: [Self.now(), id.rawValue])
            if db.changesCount == 0 { throw SyncError(.unknownNode, "node \(id) is not registered") }
        }
    }

    public func nodes() throws -> [RegisteredNode] {
        try replica.withReadAccess { db in
            try Row.fetchAll(db, sql: "SELECT * FROM _hub_nodes ORDER BY node_id").map { try Self.node(from: $0) }
        }
    }

    public func authenticate(token: String) throws -> RegisteredNode {
        guard let (id, secret) = Tokens.parse(token) else {
            throw SyncError(.unauthorized, "the bearer token is not a tdsync token (tds1.NODE.SECRET)")
        }
        let row = try replica.withReadAccess { db in
            try Row.fetchOne(db, sql: "SELECT * FROM _hub_nodes WHERE node_id = ?", arguments: [id.rawValue])
        }
        let expected: String = row?["token_hash"] ?? String(repeating: "0", count: 64)
        guard Tokens.constantTimeEqual(Tokens.digest(secret), expected), let row else {
            throw SyncError(.unauthorized, "the token for node \(id) is not valid; ask the hub operator for a new one")
        }
        let node = try Self.node(from: row)
        if node.revoked { throw SyncError(.unauthorized, "node \(id) has been revoked") }
        return node
    }

    public func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) throws -> PushResponse {
        let rules = WriteRules(node: node)
        let valid = versions.compactMap { try? $0.get() }
        let results = try replica.apply(valid, admit: { incoming, stored in try rules.admit(incoming, over: stored) }, outbox: false,
                                        origin: node.id, inTransaction: { db, _ in
            // Rejected versions count too: the node issued those counters, so it must never reuse
            // them — unless the claim is implausible (a forged jump is not counted).
            let highest = valid.filter(rules.isPlausible).reduce(node.highestCounter) { max($0, $1.state.vv[node.id]) }
            try db.execute(sql: "UPDATE _hub_nodes SET highest_counter = ? WHERE node_id = ? AND highest_counter < ?",
                           arguments: [Int64(highest), node.id.rawValue, Int64(highest)])
        })
        // Put the versions that could not even be read back in their places.
        var merged: [ApplyResult] = []
        merged.reserveCapacity(versions.count)
        var next = results.startIndex
        for item in versions {
            switch item {
            case .success:
                merged.append(results[next])
                next += 1
            case .failure(let error):
                merged.append(ApplyResult(key: RecordKey(collection: "", id: ""), outcome: .rejected(code: error.code.rawValue, message: error.message)))
            }
        }
        return PushResponse(results: merged, hubSeq: try latestSeq())
    }

    public func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) throws -> EncodedVersions {
        let page = try replica.encodedChanges(after: cursor, scopes: node.role == .board ? nil : Scope.covering(Set(node.scopes)), limit: limit,
                                              skippingOrigin: includeOwn ? nil : node.id)
        // Only a cursor that moved is written, so an idle long-poll commits nothing (no fsync).
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_nodes SET last_seen_seq = ?, last_seen_at = ? WHERE node_id = ? AND coalesce(last_seen_seq, -1) < ?",
                           arguments: [cursor, Self.now(), node.id.rawValue, cursor])
        }
        return page
    }

    public func latestSeq() throws -> Int64 { try replica.nodeState().lastSeq }

    public func epoch() throws -> String {
        try replica.withReadAccess { try String.fetchOne($0, sql: "SELECT epoch FROM _hub_meta WHERE id = 1") } ?? "none"
    }

    /// Gives the hub a new epoch, after its data was restored from a backup, so that every node
    /// re-pushes what it holds at its next handshake.
    public func renewEpoch() throws {
        try replica.withWriteTransaction { db in
            try db.execute(sql: "UPDATE _hub_meta SET epoch = ? WHERE id = 1", arguments: [UUID().uuidString.lowercased()])
        }
    }

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

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
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
