import Hummingbird

/// How the app lets people in, and over what.
public struct Access: Sendable {
    enum Kind: Sendable {
        /// The secret of the printed URL, as Jupyter does: for an app on loopback.
        case launchToken(LaunchSecret)
        /// A name and password from a users file: for an app other machines reach.
        case login(AppUsers, Sessions)
    }

    let kind: Kind
    /// Whether the app serves HTTPS (its cookies are then Secure).
    let tls: Bool
    /// Derives the login sessions' form tokens; the launch token's own secret otherwise.
    let secret: LaunchSecret

    /// Whoever has the URL with `secret` printed at start.
    public static func launchToken(_ secret: LaunchSecret = .random(), tls: Bool = false) -> Access {
        Access(kind: .launchToken(secret), tls: tls, secret: secret)
    }

    /// The people of `users`, each with their password.
    public static func login(_ users: AppUsers, tls: Bool) -> Access {
        let secret = LaunchSecret.random()
        return Access(kind: .login(users, Sessions(secret: secret)), tls: tls, secret: secret)
    }

    /// `http` or `https`.
    var scheme: String { tls ? "https" : "http" }

    /// `tdsync_app_8765` for `127.0.0.1:8765`.
    func cookieName(_ authority: String) -> String {
        let port = authority.split(separator: ":").last.map(String.init) ?? ""
        return "tdsync_app_" + (port.allSatisfy(\.isNumber) ? port : (tls ? "443" : "80"))
    }

    /// The session cookie: HttpOnly, SameSite=Strict, Secure over TLS.
    func cookie(_ authority: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: cookieName(authority), value: value, maxAge: maxAge, path: "/", secure: tls, httpOnly: true, sameSite: .strict)
    }
}
