import Hummingbird
import SyncCore

/// A `SyncError` rendered as `{"error":{"code","message"}}` with the code's HTTP status.
struct HubHTTPError: HTTPResponseError {
    let error: SyncError
    var status: HTTPResponse.Status { .init(code: error.code.httpStatus) }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try json(ErrorBody(code: error.code.rawValue, message: error.message), status: status)
        if let wait = error.retryAfter { response.headers[.retryAfter] = String(max(1, wait.components.seconds)) }
        return response
    }
}

/// Turns every `SyncError` a handler or middleware throws into its JSON error response, and
/// the HTTP layer's own refusals (no such route, a body too large) into the protocol's shape.
struct SyncErrorMiddleware: RouterMiddleware {
    typealias Context = HubRequestContext
    let metrics: HubMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SyncError {
            metrics.recordError(error.code.rawValue)
            throw HubHTTPError(error: error)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            metrics.recordError(SyncError.Code.badRequest.rawValue)
            throw HubHTTPError(error: SyncError(.badRequest, "no such endpoint: \(request.method) \(request.uri.path.prefix(200))"))
        } catch let error as HTTPError {
            // Anything else the HTTP layer refuses still answers in the protocol's error shape.
            let code: SyncError.Code = error.status == .contentTooLarge ? .bodyTooLarge : .badRequest
            metrics.recordError(code.rawValue)
            throw HubHTTPError(error: SyncError(code, "the request was refused by the HTTP layer (\(error.status.code) \(error.status.reasonPhrase)) at \(request.method) \(request.uri.path.prefix(200))"))
        }
    }
}
