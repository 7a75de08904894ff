import Hummingbird
import Logging
import NIOCore
import SyncCore

/// The hub: the HTTP server nodes push to and pull from, over a `HubStore`.
public struct Hub: Sendable {
    /// The schema version a hub built from this source serves.
    public static let schemaVersion = Schema.current.version

    public let store: any HubStore
    let notifier = ChangeNotifier()
    let metrics = HubMetrics()
    let logger: Logger

    public init(store: any HubStore, logger: Logger = Logger(label: "tdsync.hub")) {
        self.store = store
        self.logger = logger
    }

    /// Builds the router with every route and the error middleware.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SyncErrorMiddleware(metrics: metrics))
        HubRoutes(store: store, notifier: notifier, metrics: metrics, logger: logger).register(on: router)
        return router
    }

    /// Starts the hub in a background task and returns once it listens (for embedding the hub in
    /// a process: the demo, the benchmark, tests).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> RunningHub {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { sink.finish() }
            try await run(host: host, port: port) { sink.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            _ = try await task.value
            throw SyncError(.hubUnreachable, "the hub stopped before listening on \(host):\(port)")
        }
        return RunningHub(host: host, port: bound, task: task)
    }

    /// Runs the hub until the task is cancelled or the process gets SIGINT/SIGTERM.
    /// `onListening` receives the port actually bound (useful with port 0).
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "tdsync-hub"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await app.runService()
    }
}

/// A hub started with `Hub.start`: where it listens, and how to stop it.
public struct RunningHub: Sendable {
    public let host: String
    public let port: Int
    let task: Task<Void, any Error>

    /// The base URL clients use, e.g. `http://127.0.0.1:8080`.
    public var url: String { "http://\(host):\(port)" }

    /// Stops the hub and waits until it has shut down.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}
