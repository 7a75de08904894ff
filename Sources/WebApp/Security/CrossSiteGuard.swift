import Hummingbird
import NIOCore

/// Refuses a state-changing request (any method but GET and HEAD) that another site could have
/// made: its Origin (or, without one, its Referer) must be this app's own, and its form must
/// carry the visitor's `_csrf` token (the login form, posted before there is a visitor, is held
/// to its origin alone). Reads the form once (urlencoded, or multipart with its files) and puts
/// it in the context; a body past its limit gets 413 and is not read further.
struct CrossSiteGuard: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The largest form body read (an achievements text is at most 20 000 characters).
    static let maxBody = 1 << 20
    /// The largest upload read: a multipart form posted to one of `uploadPaths`.
    static let maxUpload = 10 << 20
    /// Where a file may be uploaded (the import page).
    static let uploadPaths: Set<String> = ["/import"]

    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        guard let authority = request.head.authority, sameOrigin(request, authority: authority) else {
            return Refusal.response(.forbidden, "Yêu cầu từ trang khác bị từ chối.")
        }
        let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(ofContentType:))
        let upload = boundary != nil && Self.uploadPaths.contains(request.uri.path)
        let limit = upload ? Self.maxUpload : Self.maxBody
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { return Self.tooLarge(upload: upload) }
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError { return Self.tooLarge(upload: upload) }
        var context = context
        if let boundary {
            // A body that is not multipart data has no token either, and is refused below.
            let multipart = (try? MultipartForm(body: body, boundary: boundary)) ?? MultipartForm()
            context.form = multipart.fields
            context.files = multipart.files
        } else {
            context.form = FormData(urlEncoded: String(buffer: body))
        }
        let form = context.form
        let tokenOK = context.visitor.map { LaunchSecret.same(form["_csrf"], $0.formToken) } ?? (request.uri.path == "/login")
        guard tokenOK else {
            return Refusal.response(.forbidden, "Biểu mẫu thiếu mã bảo vệ hoặc mã đã hết hạn; hãy tải lại trang.")
        }
        return try await next(request, context)
    }

    /// 413, saying how large a file or form may be.
    static func tooLarge(upload: Bool) -> Response {
        upload
            ? Refusal.response(.contentTooLarge, "Tệp tải lên quá lớn: tối đa \(maxUpload >> 20) MiB. Hãy chia tệp thành nhiều tệp nhỏ hơn rồi nhập từng tệp.")
            : Refusal.response(.contentTooLarge, "Biểu mẫu quá lớn: tối đa \(maxBody >> 20) MiB.")
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
