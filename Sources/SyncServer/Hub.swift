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
