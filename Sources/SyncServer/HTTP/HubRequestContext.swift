import Hummingbird
import HummingbirdAuth
import SyncCore

/// The request context of every hub route: Hummingbird's core context and, once
/// `NodeAuthenticator` has checked the bearer token, the node it belongs to.
struct HubRequestContext: AuthRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The authenticated node; nil before authentication (and on the routes that need none).
    var identity: RegisteredNode?

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.identity = nil
    }

    /// The authenticated node, or `unauthorized` on a route no authenticator guards.
    var node: RegisteredNode {
        get throws {
            guard let identity else { throw NodeAuthenticator.missingToken }
            return identity
        }
    }
}
