import Hummingbird

/// Refuses a state-changing request (any method but GET and HEAD) that another site could have
/// made: its Origin (or, without one, its Referer) must be this app's own, and its form must
/// carry the visitor's `_csrf` token (the login form, posted before there is a visitor, is held
/// to its origin alone). Reads the form once and puts it in the context.
struct CrossSiteGuard: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The largest form body read (an achievements text is at most 20 000 characters).
    static let maxBody = 1 << 20

    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        guard let authority = request.head.authority, sameOrigin(request, authority: authority) else {
            return Refusal.response(.forbidden, "Yêu cầu từ trang khác bị từ chối.")
        }
        let body = try await request.body.collect(upTo: Self.maxBody)
        let form = FormData(urlEncoded: String(buffer: body))
        let tokenOK = context.visitor.map { LaunchSecret.same(form["_csrf"], $0.formToken) } ?? (request.uri.path == "/login")
        guard tokenOK else {
            return Refusal.response(.forbidden, "Biểu mẫu thiếu mã bảo vệ hoặc mã đã hết hạn; hãy tải lại trang.")
        }
        var context = context
        context.form = form
        return try await next(request, context)
    }

    /// Whether Origin (or Referer, when there is no Origin) names `<scheme>://<authority>`; an
    /// app serving plain HTTP also takes `https://<authority>`, the origin its pages have behind
    /// a TLS-terminating proxy.
    func sameOrigin(_ request: Request, authority: String) -> Bool {
        let owns = Set([access.scheme, "https"].map { "\($0)://\(authority.lowercased())" })
        if let origin = request.headers[.origin] { return owns.contains(origin.lowercased()) }
        if let referer = request.headers[.referer] {
            let lower = referer.lowercased()
            return owns.contains { lower == $0 || lower.hasPrefix($0 + "/") }
        }
        return false
    }
}
