import Hummingbird

/// Refuses a state-changing request (any method but GET and HEAD) that another site could have
/// made: its Origin (or, without one, its Referer) must be this app's own, and its form must
/// carry this launch's `_csrf` token. Reads the form once and puts it in the context.
struct CrossSiteGuard: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The largest form body read (an achievements text is at most 20 000 characters).
    static let maxBody = 1 << 20

    let secret: LaunchSecret

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        guard let authority = request.head.authority, Self.sameOrigin(request, authority: authority) else {
            return Refusal.response(.forbidden, "Yêu cầu từ trang khác bị từ chối.")
        }
        let body = try await request.body.collect(upTo: Self.maxBody)
        let form = FormData(urlEncoded: String(buffer: body))
        guard LaunchSecret.same(form["_csrf"], secret.formToken) else {
            return Refusal.response(.forbidden, "Biểu mẫu thiếu mã bảo vệ hoặc mã đã hết hạn; hãy tải lại trang.")
        }
        var context = context
        context.form = form
        return try await next(request, context)
    }

    /// Whether Origin (or Referer, when there is no Origin) names `http://<authority>`.
    static func sameOrigin(_ request: Request, authority: String) -> Bool {
        let own = "http://\(authority.lowercased())"
        if let origin = request.headers[.origin] { return origin.lowercased() == own }
        if let referer = request.headers[.referer] {
            let lower = referer.lowercased()
            return lower == own || lower.hasPrefix(own + "/")
        }
        return false
    }
}
