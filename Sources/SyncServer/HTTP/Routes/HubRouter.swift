import Hummingbird
import HummingbirdAuth
import SyncCore

extension Hub {
    /// The router, built once: errors rendered in the protocol's shape around everything; the
    /// health routes open; the node routes under `/v1` behind the token check and the node's
    /// request budget; the admin routes under `/v1/admin`, for admin nodes only.
    func router() -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: SyncErrorMiddleware(metrics: metrics))
        HealthRoutes(store: store, metrics: metrics, instance: instance).register(on: router)
        let nodes = router.group("v1")
            .add(middleware: NodeAuthenticator(store: store))
            .add(middleware: RateLimitMiddleware(limiter: limiter))
        NodeRoutes(store: store, notifier: notifier, metrics: metrics).register(on: nodes)
        let admin = nodes.group("admin").add(middleware: RequireRoleMiddleware(role: .admin))
        AdminRoutes(store: store).register(on: admin)
        return router
    }
}
