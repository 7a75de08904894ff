import Foundation
import PostgresTestSupport
import Logging
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// A real hub on a free loopback port with its data in a temporary directory, and replicas beside it.
final class HubFixture: @unchecked Sendable {
    let directory: URL
    let backend: HubBackend
    /// The PostgreSQL database's URL, on that backend.
    let databaseURL: String?
    private(set) var store: any HubStore
    let url: URL
    let port: Int
    private var running: RunningHub
    private let limits: HubLimits
    private let tls: HubTLS?

    private init(directory: URL, backend: HubBackend, databaseURL: String?, store: any HubStore, running: RunningHub, limits: HubLimits, tls: HubTLS?) {
        self.directory = directory
        self.backend = backend
        self.databaseURL = databaseURL
        self.store = store
        self.port = running.port
        self.url = URL(string: running.url)!
        self.running = running
        self.limits = limits
        self.tls = tls
    }

    /// Starts a hub on `backend` (PostgreSQL: a new database on the test process's cluster) and
    /// waits until it listens; `limits` sets each node's request budget, `tls` makes it serve HTTPS.
    /// `hubFile`: an SQLite hub's `hub.sqlite` to serve a copy of (a file an older release wrote).
    static func start(backend: HubBackend = .sqlite, limits: HubLimits = HubLimits(), tls: HubTLS? = nil,
                      hubFile: URL? = nil) async throws -> HubFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let hubFile {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("hub"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: hubFile, to: directory.appendingPathComponent("hub/hub.sqlite"))
        }
        let url = backend == .postgres ? try await PostgresServer.shared.newDatabase() : nil
        let store = try await openStore(backend, directory: directory, url: url)
        return HubFixture(directory: directory, backend: backend, databaseURL: url, store: store,
                          running: try await serve(store, port: 0, limits: limits, tls: tls), limits: limits, tls: tls)
    }

    static func openStore(_ backend: HubBackend, directory: URL, url: String?) async throws -> any HubStore {
        switch backend {
        case .sqlite: return try SQLiteHubStore(directory: directory.appendingPathComponent("hub").path, schema: .commendation)
        case .postgres: return try await PostgresHubStore.connect(try PostgresHubConfiguration(url: url ?? "", poolSize: 8), schema: .commendation, logger: quietLogger)
        }
    }

    /// Another hub instance over the same PostgreSQL database, on its own port.
    func secondInstance() async throws -> (store: any HubStore, running: RunningHub) {
        precondition(backend == .postgres, "only a PostgreSQL hub has several instances")
        let store = try await Self.openStore(backend, directory: directory, url: databaseURL)
        return (store, try await Self.serve(store, port: 0, limits: limits, tls: tls))
    }

    /// The SQLite store, for what only SQLite does (file backups).
    var sqliteStore: SQLiteHubStore {
        get throws {
            guard let store = store as? SQLiteHubStore else { throw PostgresFailed(command: "sqliteStore", output: "this hub runs on \(backend)") }
            return store
        }
    }

    static var quietLogger: Logger {
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        return logger
    }

    static func serve(_ store: any HubStore, port: Int, limits: HubLimits, tls: HubTLS?) async throws -> RunningHub {
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        return try await Hub(store: store, logger: logger, limits: limits, tls: tls).start(port: port)
    }

    /// Stops the hub, waits `downtime`, and starts it again on the same port over the same data,
    /// or over the backup in `restoring` (as an operator restoring an older copy would).
    func restart(downtime: Duration, restoring backup: URL? = nil) async throws {
        await running.stop()
        await store.close()
        try await Task.sleep(for: downtime)
        let data = directory.appendingPathComponent("hub")
        if let backup {
            try FileManager.default.removeItem(at: data)
            try FileManager.default.copyItem(at: backup, to: data)
        }
        store = try await Self.openStore(backend, directory: directory, url: databaseURL)
        running = try await Self.serve(store, port: port, limits: limits, tls: tls)
    }

    /// Registers a node at the hub and creates its replica configured to sync with it.
    func node(_ id: String, role: Role, scopes: [String] = []) async throws -> Replica {
        let token = try await store.registerNode(NodeID(id), role: role, scopes: scopes)
        let replica = try Replica.create(at: directory.appendingPathComponent("\(id).sqlite").path, schema: .commendation, node: NodeID(id), role: role,
                                         scopes: role == .board ? [] : scopes, durability: .normal)
        try replica.configureHub(url: url.absoluteString, token: token)
        return replica
    }

    func session(_ replica: Replica) throws -> SyncSession { try SyncSession(replica: replica) }

    /// A transport with `token`, for sending requests a well-behaved client would not.
    func transport(token: String) -> HTTPTransport { HTTPTransport(baseURL: url, token: token) }

    /// Runs `body` with a hub started as `start` does, and stops it (its directory removed)
    /// however `body` ends: a failing test leaves no hub running and no files behind.
    static func with<T>(backend: HubBackend = .sqlite, limits: HubLimits = HubLimits(), tls: HubTLS? = nil, hubFile: URL? = nil,
                        _ body: (HubFixture) async throws -> T) async throws -> T {
        let hub = try await start(backend: backend, limits: limits, tls: tls, hubFile: hubFile)
        let result: T
        do { result = try await body(hub) } catch {
            await hub.stop()
            throw error
        }
        await hub.stop()
        return result
    }

    func stop() async {
        await running.stop()
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

enum Domain {
    static func nomination(_ id: String, scope: String, name: String = "Nguyễn Văn An", kind: String = "individual") -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope), values: [
            "nominee_name": .text(name), "nominee_kind": .text(kind), "title_code": .text("CSTDCS"),
            "year": .integer(2025), "status": .text("submitted"),
        ])
    }

    static func update(_ id: String, _ values: [String: FieldValue]) -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: values)
    }

    /// The canonical export of the records in `scope` (and national ones), for comparing nodes.
    static func export(_ replica: Replica, scope: String) throws -> [RecordVersion] {
        try replica.export().records.filter { $0.scope == scope || $0.scope == Scope.national }
    }
}
