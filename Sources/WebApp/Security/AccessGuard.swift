import Hummingbird

/// Lets a request through only from someone the app knows. By the app's `Access`:
/// - launch token: the `token` query parameter of the printed URL (answered with a redirect
///   that drops it from the address bar and sets the session cookie) or that cookie; anything
///   else, a wrong token included, gets 403 and no page. The Host header must name this machine
///   (127.0.0.1, localhost, [::1]) or the address the app was bound to, so a page of another
///   site that rebinds its name to 127.0.0.1 reaches nothing either;
/// - login: a session cookie from `/login`; without one a page request is sent to `/login` and
///   anything else gets 403. The login page and the static files are served to anyone. Any Host
///   is taken (the clerks' machines name the server as the office's network does): a rebound
///   name carries none of the app's cookies, which the browser keeps by host name.
///
/// Cookies are HttpOnly and SameSite=Strict (Secure over TLS) and named after the port, since
/// browsers do not keep cookies apart by port and two apps may run on one machine.
struct AccessGuard: RouterMiddleware {
    typealias Context = AppRequestContext

    let access: Access
    /// The host names a request may address the app by.
    let hosts: Set<String>

    init(access: Access, boundHost: String) {
        self.access = access
        self.hosts = ["127.0.0.1", "localhost", "[::1]", boundHost.lowercased()]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority else { return Refusal.response(.badRequest, "Thiếu địa chỉ máy chủ (Host).") }
        if case .launchToken = access.kind, !hosts.contains(Self.hostName(authority)) {
            return Refusal.response(.forbidden, "Địa chỉ máy chủ không được chấp nhận.")
        }
        let cookie = request.cookies[access.cookieName(authority)]?.value
        var context = context
        switch access.kind {
        case .launchToken(let secret):
            if let token = request.uri.queryParameters.get("token") {
                guard LaunchSecret.same(token, secret.token) else { return Refusal.response(.forbidden, Refusal.noAccess) }
                var response = Response.redirect(to: request.uri.path, type: .normal)
                response.setCookie(access.cookie(authority, value: secret.sessionValue))
                return response
            }
            guard LaunchSecret.same(cookie, secret.sessionValue) else { return Refusal.response(.forbidden, Refusal.noAccess) }
            context.visitor = secret.visitor
        case .login(_, let sessions):
            if let visitor = await sessions.visitor(cookie) {
                context.visitor = visitor
            } else if request.uri.path == "/login" || request.uri.path.hasPrefix("/static/") {
                return try await next(request, context)
            } else if request.method == .get || request.method == .head {
                return Response.redirect(to: "/login", type: .normal)
            } else {
                return Refusal.response(.forbidden, Refusal.loginNeeded)
            }
        }
        return try await Visitor.$current.withValue(context.visitor) { try await next(request, context) }
    }

    /// `127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `[::1]`, lower case.
    static func hostName(_ authority: String) -> String {
        let lower = authority.lowercased()
        if lower.hasPrefix("["), let end = lower.firstIndex(of: "]") { return String(lower[...end]) }
        return String(lower.split(separator: ":", maxSplits: 1).first ?? "")
    }
}
