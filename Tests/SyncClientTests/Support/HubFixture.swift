import Foundation
import Logging
import SyncClient
import SyncCore
import SyncServer

/// A real hub on a free loopback port with its data in a temporary directory, and replicas beside it.
final class HubFixture: @unchecked Sendable {
    let directory: URL
    private(set) var store: SQLiteHubStore
    let url: URL
    let port: Int
    private var running: RunningHub
    private let limits: HubLimits
    private let tls: HubTLS?

    private init(directory: URL, store: SQLiteHubStore, running: RunningHub, limits: HubLimits, tls: HubTLS?) {
        self.directory = directory
        self.store = store
        self.port = running.port
        self.url = URL(string: running.url)!
        self.running = running
        self.limits = limits
        self.tls = tls
    }

    /// Starts a hub and waits until it listens; `limits` sets each node's request budget, `tls`
    /// makes it serve HTTPS.
    static func start(limits: HubLimits = HubLimits(), tls: HubTLS? = nil) async throws -> HubFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteHubStore(directory: directory.appendingPathComponent("hub").path)
        return HubFixture(directory: directory, store: store, running: try await serve(store, port: 0, limits: limits, tls: tls), limits: limits, tls: tls)
    }

    private static func serve(_ store: SQLiteHubStore, port: Int, limits: HubLimits, tls: HubTLS?) async throws -> RunningHub {
        var logger = Logger(label: "test.hub")
        logger.logLevel = .critical
        return try await Hub(store: store, logger: logger, limits: limits, tls: tls).start(port: port)
    }

    /// Stops the hub, waits `downtime`, and starts it again on the same port over the same data,
    /// or over the backup in `restoring` (as an operator restoring an older copy would).
    func restart(downtime: Duration, restoring backup: URL? = nil) async throws {
        await running.stop()
        try await Task.sleep(for: downtime)
        let data = directory.appendingPathComponent("hub")
        if let backup {
            try FileManager.default.removeItem(at: data)
            try FileManager.default.copyItem(at: backup, to: data)
        }
        store = try SQLiteHubStore(directory: data.path)
        running = try await Self.serve(store, port: port, limits: limits, tls: tls)
    }

    /// Registers a node at the hub and creates its replica configured to sync with it.
    func node(_ id: String, role: Role, scopes: [String] = []) throws -> Replica {
        let token = try store.registerNode(NodeID(id), role: role, scopes: scopes)
        let replica = try Replica.create(at: directory.appendingPathComponent("\(id).sqlite").path, node: NodeID(id), role: role,
                                         scopes: role == .board ? [] : scopes, durability: .normal)
        try replica.configureHub(url: url.absoluteString, token: token)
        return replica
    }

    func session(_ replica: Replica) throws -> SyncSession { try SyncSession(replica: replica) }

    /// A transport with `token`, for sending requests a well-behaved client would not.
    func transport(token: String) -> HTTPTransport { HTTPTransport(baseURL: url, token: token) }

    func stop() async {
        await running.stop()
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
