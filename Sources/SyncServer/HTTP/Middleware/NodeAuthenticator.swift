import Hummingbird
import HummingbirdAuth
import SyncCore

/// Authenticates every request of its route group by its bearer token, against the store's node
/// registry, and puts the node into the context; a request without a valid token goes no further
/// (`unauthorized`).
struct NodeAuthenticator: AuthenticatorMiddleware {
    typealias Context = HubRequestContext
    let store: any HubStore

    /// The answer to a request without a bearer token.
    static let missingToken = SyncError(.unauthorized, "send the node's token as 'Authorization: Bearer <token>'")

    func authenticate(request: Request, context: HubRequestContext) async throws -> RegisteredNode? {
        guard let bearer = request.headers.bearer else { throw Self.missingToken }
        return try await store.authenticate(token: bearer.token)
    }
}

/// Takes one token of the authenticated node's request budget (`RateLimiter`), or answers
/// `rate_limited` with the time to wait.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try limiter.admit(try context.node.id)
        return try await next(request, context)
    }
}

/// Lets through only nodes registered with `role` (the admin routes), else `forbidden`.
struct RequireRoleMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let role: Role

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let caller = try context.node
        guard caller.role == role else {
            throw SyncError(.forbidden, "node administration needs an \(role.rawValue) token; \(caller.id) is a \(caller.role.rawValue)")
        }
        return try await next(request, context)
    }
}
