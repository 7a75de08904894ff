import Foundation
import Hummingbird
import Logging
import NIOCore
import SyncCore

/// The hub's HTTP API (`/v1/…`, `/healthz`); see protocol.md for the contract.
struct HubRoutes: Sendable {
    let store: any HubStore
    let notifier: ChangeNotifier
    let metrics: HubMetrics
    let limiter: RateLimiter
    let logger: Logger
    let instance: String

    func register(on router: Router<BasicRequestContext>) {
        router.get("healthz") { _, _ in try await health() }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.post("v1/hello") { request, context in try await hello(request, context) }
        router.post("v1/push") { request, context in try await push(request, context) }
        router.get("v1/pull") { request, context in try await pull(request, context) }
        AdminRoutes(store: store).register(on: router, authenticate: authenticate, readBody: readBody)
    }

    func hello(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let node = try await authenticate(request)
        let body = try await readBody(request)
        let hello: HelloRequest = try WireJSON.decode(HelloRequest.self, from: Data(body))
        guard hello.protocolVersion == ProtocolInfo.version else {
            throw SyncError(.incompatibleProtocol, "this hub speaks protocol \(ProtocolInfo.version), the client \(hello.protocolVersion); upgrade the older side")
        }
        guard hello.schemaVersion == Schema.current.version else {
            throw SyncError(.staleSchema, "this hub has schema \(Schema.current.version), the client \(hello.schemaVersion); upgrade the older side before syncing")
        }
        guard hello.node == node.id.rawValue else {
            throw SyncError(.unauthorized, "the token belongs to node \(node.id), not \(hello.node.prefix(40))")
        }
        return try json(HelloResponse(protocolVersion: ProtocolInfo.version, schemaVersion: Schema.current.version, node: node.id.rawValue,
                                      role: node.role, scopes: node.scopes, highestCounter: node.highestCounter, hubSeq: try await store.latestSeq(),
                                      hubEpoch: try await store.epoch()))
    }

    func push(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let node = try await authenticate(request)
        let versions = try WireMessages.decodePush(try await readBody(request))
        let started = ContinuousClock.now
        let response = try await store.push(versions, from: node)
        metrics.recordPush(from: node.id, results: response.results, duration: ContinuousClock.now - started, hubSeq: response.hubSeq)
        let changedLog = response.results.contains { result in
            switch result.outcome { case .applied, .conflict: true; case .alreadyKnown, .rejected: false }
        }
        if changedLog { await notifier.changed() }
        return BodyEncoding.jsonResponse(response.encoded(), for: request)
    }

    func pull(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let node = try await authenticate(request)
        let after = try queryInteger(request, "after", default: 0, range: 0...Int64.max)
        let limit = Int(try queryInteger(request, "limit", default: 500, range: 1...Int64.max))
        let wait = try queryInteger(request, "wait", default: 0, range: 0...Int64.max)
        let includeOwn = try queryInteger(request, "echo", default: 0, range: 0...1) == 1
        let pageSize = min(limit, ProtocolInfo.maxPageSize)
        let generation = await notifier.generation
        var page = try await store.pull(after: after, for: node, limit: pageSize, includeOwn: includeOwn)
        // Wait only when nothing at all followed the cursor (a page of the node's own echoes
        // moves the cursor and returns at once).
        if page.lastSeq == after && wait > 0 {
            await notifier.wait(after: generation, timeout: .seconds(min(wait, Int64(ProtocolInfo.maxWaitSeconds))))
            page = try await store.pull(after: after, for: node, limit: pageSize, includeOwn: includeOwn)
        }
        metrics.recordPull(by: node.id, after: after, versions: page.count)
        return BodyEncoding.jsonResponse(page.pullBody, for: request)
    }

    /// `200 {"status":"ok",…}` when the storage answers, else `503` with `"status":"unavailable"`
    /// and the reason: a load balancer takes the instance out until its database is back.
    func health() async throws -> Response {
        let storage = await store.health()
        metrics.recordStorage(reachable: storage.reachable)
        let seq = storage.reachable ? try? await store.latestSeq() : nil
        let body = Health(status: storage.reachable && seq != nil ? "ok" : "unavailable", hubSeq: seq, storage: storage, instance: instance)
        return try json(body, status: body.status == "ok" ? .ok : .serviceUnavailable)
    }

    /// The node the request's bearer token belongs to, once it is within its request budget.
    func authenticate(_ request: Request) async throws -> RegisteredNode {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw SyncError(.unauthorized, "send the node's token as 'Authorization: Bearer <token>'")
        }
        let node = try await store.authenticate(token: String(header.dropFirst("Bearer ".count)))
        try limiter.admit(node.id)
        return node
    }

    /// The request body, inflated when gzip-encoded; over `limit` either way is `body_too_large`.
    @Sendable func readBody(_ request: Request, limit: Int = ProtocolInfo.maxBodyBytes) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw SyncError(.bodyTooLarge, "the body is over \(limit) bytes; send smaller batches")
        }
        let body = try BodyEncoding.decoded(buffer, contentEncoding: request.headers[.contentEncoding], limit: limit)
        return Array(body.readableBytesView)
    }
}

/// The body of `GET /healthz`.
struct Health: Encodable {
    let status: String
    let hubSeq: Int64?
    let storage: StoreHealth
    /// This hub process's id, telling instances behind one load balancer apart.
    let instance: String
    enum CodingKeys: String, CodingKey { case status, hubSeq = "hub_seq", storage, instance }
}

/// Encodes a value as a JSON response.
func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(status: status, headers: [.contentType: "application/json"],
             body: ResponseBody(byteBuffer: ByteBuffer(data: try WireJSON.encode(value))))
}

/// An integer query parameter, or `bad_request` naming it.
func queryInteger(_ request: Request, _ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let n = Int64(text), range.contains(n) else {
            throw SyncError(.badRequest, "query parameter '\(name)' must be an integer in \(range.lowerBound)…\(range.upperBound), not '\(text.prefix(40))'")
        }
        return n
}

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

/// Turns every `SyncError` a handler throws into its JSON error response.
struct SyncErrorMiddleware: RouterMiddleware {
    let metrics: HubMetrics

    func handle(_ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response) async throws -> Response {
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
