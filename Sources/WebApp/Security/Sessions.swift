import Crypto
import Foundation

/// Who a request comes from: the logged-in user (nil when the launch's secret opened the app)
/// and the values that prove it, the session cookie's and the forms' `_csrf` token. The forms'
/// token is derived from the session, so a token seen by one user is worth nothing in another's.
struct Visitor: Sendable {
    let user: String?
    /// The session cookie's value.
    let session: String
    /// The `_csrf` value this visitor's forms carry.
    let formToken: String

    /// The visitor of the request being answered, set by `AccessGuard` around the route, so the
    /// pages' frame (`Chrome`) can show the user and its forms' token without every route
    /// passing them along.
    @TaskLocal static var current: Visitor?
}

/// The app's logins, in memory (a restart logs everyone out): random session ids that expire
/// after 12 hours without a request, and a brake on guessing: after 5 wrong passwords for one
/// name, that name is refused for a minute.
actor Sessions {
    static let idleLimit: TimeInterval = 12 * 3600
    static let failuresAllowed = 5
    static let lockout: TimeInterval = 60

    private let secret: LaunchSecret
    private var open: [String: (user: String, seen: Date)] = [:]
    private var failures: [String: (count: Int, last: Date)] = [:]

    init(secret: LaunchSecret) { self.secret = secret }

    /// A new session for `user`: the cookie's value.
    func start(_ user: String) -> Visitor {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        open[id] = (user, Date())
        failures[user] = nil
        return visitor(id, user: user)
    }

    /// The visitor of session `id`, nil when unknown or expired; a hit keeps it alive.
    func visitor(_ id: String?) -> Visitor? {
        guard let id, let session = open[id] else { return nil }
        guard Date().timeIntervalSince(session.seen) < Self.idleLimit else {
            open[id] = nil
            return nil
        }
        open[id]?.seen = Date()
        return visitor(id, user: session.user)
    }

    func end(_ id: String) { open[id] = nil }

    /// Whether `name` may try a password now (not locked out by too many wrong ones).
    func mayTry(_ name: String) -> Bool {
        guard let failure = failures[name], failure.count >= Self.failuresAllowed else { return true }
        return Date().timeIntervalSince(failure.last) >= Self.lockout
    }

    func failed(_ name: String) {
        let count = (failures[name].map { $0.count >= Self.failuresAllowed ? 0 : $0.count } ?? 0) + 1
        failures[name] = (count, Date())
    }

    private func visitor(_ id: String, user: String) -> Visitor {
        Visitor(user: user, session: id, formToken: secret.derive("form token " + id))
    }
}
