import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import SyncCore
import SyncServer

/// The web app of one node: pages over its own replica for the province's office and the
/// central board, served by Hummingbird from Mustache templates. It writes the replica as the
/// CLI does, through the domain library, so `tdsync sync`, the daemon or its own "sync now"
/// carry the changes. Every request needs the launch's secret or a login (`Access`); every form
/// post its token and the app's own origin.
public struct WebApp: Sendable {
    public let replica: Replica
    public let access: Access
    let tls: HubTLS?
    let logger: Logger

    /// An app over `replica`, opened by the caller: by default on a new random launch secret,
    /// over HTTP; `tls` serves HTTPS with that certificate and key (give `access` the same).
    public init(replica: Replica, access: Access = .launchToken(), tls: HubTLS? = nil, logger: Logger = Logger(label: "tdsync.app")) {
        self.replica = replica
        self.access = access
        self.tls = tls
        self.logger = logger
    }

    /// The address to open: with a launch secret the app's URL with it, e.g.
    /// `http://127.0.0.1:8765/?token=…`; with logins the login page's.
    public func url(host: String, port: Int) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        let base = "\(access.scheme)://\(shown):\(port)"
        guard case .launchToken(let secret) = access.kind else { return base + "/login" }
        return base + "/?token=\(secret.token)"
    }

    /// Serves on `host:port` (0 picks a free port) until SIGINT or SIGTERM; `onListening` gets
    /// the URL to open once it listens.
    public func run(host: String, port: Int, onListening: @escaping @Sendable (String) async -> Void = { _ in }) async throws {
        let workspace = Workspace(replica: replica, pages: try await Pages.load(), access: access, sync: SyncRunner(replica: replica))
        let http = HTTPServerBuilder.http1()
        let app = Application(
            router: Self.router(workspace, boundHost: host),
            server: try tls.map { try .tls(http, tlsConfiguration: try $0.configuration()) } ?? http,
            configuration: .init(address: .hostname(host, port: port), serverName: "tdsync-app"),
            onServerRunning: { [self] channel in await onListening(url(host: host, port: channel.localAddress?.port ?? port)) },
            logger: logger
        )
        try await app.runService()
    }

    /// The router, built once: security headers on every answer, then who may come in, then the
    /// cross-site check of every post, then one route per page.
    static func router(_ workspace: Workspace, boundHost: String) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: AccessGuard(access: workspace.access, boundHost: boundHost))
        router.add(middleware: CrossSiteGuard(access: workspace.access))
        router.get("/") { _, _ in
            Response.redirect(to: workspace.replica.role == .board ? "/queue" : "/nominations", type: .normal)
        }
        router.get("/static/{name}") { _, context in workspace.pages.asset(try context.parameters.require("name")) }
        LoginRoutes(workspace: workspace).register(on: router)
        QueueRoutes(workspace: workspace).register(on: router)
        RegistrationRoutes(workspace: workspace).register(on: router)
        ListRoutes(workspace: workspace).register(on: router)
        FormRoutes(workspace: workspace).register(on: router)
        DossierRoutes(workspace: workspace).register(on: router)
        SyncRoutes(workspace: workspace).register(on: router)
        StatisticsRoutes(workspace: workspace).register(on: router)
        ConflictRoutes(workspace: workspace).register(on: router)
        ImportRoutes(workspace: workspace).register(on: router)
        ExportRoutes(workspace: workspace).register(on: router)
        return router
    }
}
