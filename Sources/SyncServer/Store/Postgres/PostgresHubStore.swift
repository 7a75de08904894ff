import Foundation
import Logging
import PostgresNIO
import Synchronization
import SyncCore

/// The hub store on PostgreSQL: several hub instances may serve from one database at once.
/// Nothing a request needs lives in an instance: records, the change log, the node registry and
/// the epoch are all in the database, and instances wake each other's long-polls through
/// `LISTEN`/`NOTIFY`. How sequences stay in commit order is in `PostgresHubStore+Push.swift`.
public final class PostgresHubStore: HubStore {
    let client: PostgresClient
    let configuration: PostgresHubConfiguration
    let logger: Logger
    public let schema: Schema
    public let backend = "postgresql"
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// The channel every push that changed the log notifies, with its last sequence as payload.
    static let changeChannel = "tdsync_changes"

    private init(client: PostgresClient, configuration: PostgresHubConfiguration, schema: Schema, logger: Logger) {
        self.client = client
        self.schema = schema
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects, runs pending migrations (under a lock shared by every instance) and seeds the
    /// schema's reference data. Fails with `storage_failure` naming the server when it cannot be
    /// reached within `connectTimeout`.
    public static func connect(_ configuration: PostgresHubConfiguration, schema: Schema, connectTimeout: Duration = .seconds(15),
                               logger: Logger = Logger(label: "tdsync.hub")) async throws -> PostgresHubStore {
        // One connection first: it fails with the reason (refused, authentication, no such
        // database) where the pool would keep retrying quietly.
        do {
            let probe = try await PostgresConnection.connect(configuration: try configuration.probe(), id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw PostgresFailure.map(error, "connecting to \(configuration.redacted)")
        }
        let client = PostgresClient(configuration: configuration.client(), backgroundLogger: logger)
        let store = PostgresHubStore(client: client, configuration: configuration, schema: schema, logger: logger)
        store.spawn { await client.run() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await PostgresFailure.run("migrating \(configuration.redacted)", timeout: connectTimeout) {
                        try await client.withConnection { try await PostgresMigrations.migrate($0, logger: logger) }
                    }
                }
                group.addTask {
                    try await Task.sleep(for: connectTimeout)
                    throw SyncError(.storageFailure, "PostgreSQL at \(configuration.redacted) did not answer within \(connectTimeout); check that it runs and the URL")
                }
                try await group.next()
                group.cancelAll()
            }
            try await store.seed()
        } catch {
            await store.close()
            throw PostgresFailure.map(error, "connecting to \(configuration.redacted)")
        }
        logger.info("hub store on \(configuration.redacted)")
        return store
    }

    private func spawn(_ body: @escaping @Sendable () async -> Void) {
        let task = Task { await body() }
        tasks.withLock { $0.append(task) }
    }

    // MARK: Node registry

    public func registerNode(_ id: NodeID, role: Role, scopes: [String]) async throws -> String {
        let scopes = try NodeRegistry.registrationScopes(id, role: role, scopes: scopes, rules: schema.scopes)
        let (token, hash) = Tokens.make(for: id)
        let inserted = try await execute("registering \(id)", """
            INSERT INTO tdsync_nodes (node_id, role, scopes, token_hash, created_at)
            VALUES (\(id.rawValue), \(role.rawValue), \(scopes.joined(separator: " ")), \(hash), \(NodeRegistry.now()))
            ON CONFLICT (node_id) DO NOTHING RETURNING 1
            """)
        guard inserted > 0 else { throw NodeRegistry.alreadyRegistered(id) }
        return token
    }

    public func setScopes(_ id: NodeID, scopes: [String]) async throws {
        let scopes = try NodeRegistry.movedScopes(scopes, rules: schema.scopes).joined(separator: " ")
        let role = try await first("reading \(id)", "SELECT role FROM tdsync_nodes WHERE node_id = \(id.rawValue)", as: String.self)
        try NodeRegistry.checkMovable(id, role: role)
        _ = try await execute("moving \(id)", "UPDATE tdsync_nodes SET scopes = \(scopes) WHERE node_id = \(id.rawValue)")
    }

    public func rotateToken(_ id: NodeID) async throws -> String {
        let (token, hash) = Tokens.make(for: id)
        let updated = try await execute("rotating the token of \(id)",
                                        "UPDATE tdsync_nodes SET token_hash = \(hash), revoked_at = NULL WHERE node_id = \(id.rawValue) RETURNING 1")
        guard updated > 0 else { throw NodeRegistry.notRegistered(id) }
        return token
    }

    public func revoke(_ id: NodeID) async throws {
        let updated = try await execute("revoking \(id)",
                                        "UPDATE tdsync_nodes SET revoked_at = \(NodeRegistry.now()) WHERE node_id = \(id.rawValue) RETURNING 1")
        guard updated > 0 else { throw NodeRegistry.notRegistered(id) }
    }

    static let nodeColumns = "node_id, role, scopes, token_hash, revoked_at, highest_counter, last_seen_seq, last_seen_at"

    public func nodes() async throws -> [RegisteredNode] {
        try await database("listing nodes", idempotent: true) { [client, logger] in
            var nodes: [RegisteredNode] = []
            for try await row in try await client.query("SELECT \(unescaped: Self.nodeColumns) FROM tdsync_nodes ORDER BY node_id", logger: logger) {
                nodes.append(try Self.node(from: row).node)
            }
            return nodes
        }
    }

    public func authenticate(token: String) async throws -> RegisteredNode {
        let (id, secret) = try NodeRegistry.parse(token)
        let stored = try await database("authenticating \(id)", idempotent: true) { [client, logger] in
            let rows = try await client.query("SELECT \(unescaped: Self.nodeColumns) FROM tdsync_nodes WHERE node_id = \(id.rawValue)", logger: logger)
            return try await rows.collect().first.map(Self.node(from:))
        }
        return try NodeRegistry.check(secret: secret, of: id, against: stored)
    }

    static func node(from row: PostgresRow) throws -> (node: RegisteredNode, tokenHash: String) {
        let (id, role, scopes, hash, revoked, highest, seen, seenAt) = try row.decode(
            (String, String, String, String, String?, Int64, Int64?, String?).self)
        let node = RegisteredNode(id: try NodeID(id), role: try Role(parsing: role), scopes: scopes.split(separator: " ").map(String.init),
                                  revoked: revoked != nil, highestCounter: UInt64(max(0, highest)), lastSeenSeq: seen, lastSeenAt: seenAt)
        return (node, hash)
    }

    // MARK: Hub state

    public func latestSeq() async throws -> Int64 { try await latestSeq(timeout: requestTimeout) }

    func latestSeq(timeout: Duration) async throws -> Int64 {
        try await first("reading the change log's head", "SELECT last_seq FROM tdsync_hub_state WHERE id = 1", as: Int64.self, timeout: timeout) ?? 0
    }

    public func epoch() async throws -> String {
        try await first("reading the epoch", "SELECT epoch FROM tdsync_hub_state WHERE id = 1", as: String.self) ?? "none"
    }

    public func renewEpoch() async throws {
        _ = try await execute("renewing the epoch", "UPDATE tdsync_hub_state SET epoch = \(UUID().uuidString.lowercased()) WHERE id = 1")
    }

    public func health() async -> StoreHealth {
        do {
            _ = try await latestSeq(timeout: .seconds(5))
            return StoreHealth(backend: backend, reachable: true)
        } catch {
            return StoreHealth(backend: backend, reachable: false, error: "\(error)")
        }
    }

    /// Listens on `tdsync_changes` on a connection of its own until cancelled, reconnecting
    /// after a failure; each (re)connection calls `onChange` too, since changes may have landed
    /// while nobody listened.
    public func observeChanges(_ onChange: @escaping @Sendable () async -> Void) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.changeChannel) { notifications in
                        await onChange()
                        for try await _ in notifications { await onChange() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for other instances' changes failed; retrying in 1 s: \(PostgresFailure.map(error, "listening"))")
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Closes every connection.
    public func close() async {
        let running = tasks.withLock { tasks in defer { tasks.removeAll() }; return tasks }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    // MARK: Queries

    /// How long a request may wait for the database in all: its statement timeout, and a few
    /// seconds for a connection (a request while the database is down fails, it does not hang).
    var requestTimeout: Duration { configuration.statementTimeout + .seconds(5) }

    /// Runs `body` against the database under `requestTimeout`, with errors mapped; an
    /// `idempotent` body runs again on a fresh connection when its connection was lost.
    func database<T: Sendable>(_ what: String, timeout: Duration? = nil, idempotent: Bool = false,
                               _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await PostgresFailure.run(what, timeout: timeout ?? requestTimeout, idempotent: idempotent, body)
    }

    /// Runs a statement and returns how many rows it returned (a `RETURNING 1` counts changed rows).
    func execute(_ what: String, _ query: PostgresQuery) async throws -> Int {
        try await database(what) { [client, logger] in try await client.query(query, logger: logger).collect().count }
    }

    func first<T: PostgresDecodable & Sendable>(_ what: String, _ query: PostgresQuery, as type: T.Type, timeout: Duration? = nil) async throws -> T? {
        try await database(what, timeout: timeout, idempotent: true) { [client, logger] in
            try await client.query(query, logger: logger).collect().first?.decode(T.self)
        }
    }
}
