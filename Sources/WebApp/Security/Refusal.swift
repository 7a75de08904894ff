import Hummingbird

/// A short plain-text refusal, with no page and no data.
enum Refusal {
    static let noAccess = "Không có quyền truy cập: hãy mở ứng dụng bằng địa chỉ có mã (token) mà lệnh `tdsync app` đã in ra."

    static let loginNeeded = "Cần đăng nhập: hãy mở trang /login."

    static func response(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = "\(status.code) \(message)\n"
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Headers every answer carries: no script, style or form target but the app's own, never in a
/// frame, never cached, never sniffed.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
