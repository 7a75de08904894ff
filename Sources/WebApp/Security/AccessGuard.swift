import Hummingbird

/// Lets a request through only with this launch's secret: the `token` query parameter of the
/// printed URL (answered with a redirect that drops it from the address bar and sets an
/// HttpOnly, SameSite=Strict session cookie, named after the port, since browsers do not keep
/// cookies apart by port and two apps may run on one machine) or that cookie. Anything else, a wrong token
/// included, gets 403 and no page. The Host header must name this machine (127.0.0.1,
/// localhost, [::1]) or the address the app was bound to, so a page of another site that
/// rebinds its name to 127.0.0.1 reaches nothing either.
struct AccessGuard: RouterMiddleware {
    typealias Context = AppRequestContext

    let secret: LaunchSecret
    /// The host names a request may address the app by.
    let hosts: Set<String>

    init(secret: LaunchSecret, boundHost: String) {
        self.secret = secret
        self.hosts = ["127.0.0.1", "localhost", "[::1]", boundHost.lowercased()]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority, hosts.contains(Self.hostName(authority)) else {
            return Refusal.response(.forbidden, "Địa chỉ máy chủ không được chấp nhận.")
        }
        let cookie = Self.cookieName(authority)
        if let token = request.uri.queryParameters.get("token") {
            guard LaunchSecret.same(token, secret.token) else { return Refusal.response(.forbidden, Refusal.noAccess) }
            var response = Response.redirect(to: request.uri.path, type: .normal)
            response.setCookie(Cookie(name: cookie, value: secret.sessionValue, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        guard LaunchSecret.same(request.cookies[cookie]?.value, secret.sessionValue) else {
            return Refusal.response(.forbidden, Refusal.noAccess)
        }
        return try await next(request, context)
    }

    /// `tdsync_app_8765` for `127.0.0.1:8765`.
    static func cookieName(_ authority: String) -> String {
        let port = authority.split(separator: ":").last.map(String.init) ?? ""
        return "tdsync_app_" + (port.allSatisfy(\.isNumber) ? port : "80")
    }

    /// `127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `[::1]`, lower case.
    static func hostName(_ authority: String) -> String {
        let lower = authority.lowercased()
        if lower.hasPrefix("["), let end = lower.firstIndex(of: "]") { return String(lower[...end]) }
        return String(lower.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
