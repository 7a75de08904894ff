import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SyncCore

/// The HTTP transport, on AsyncHTTPClient (SwiftNIO): pooled keep-alive connections, several
/// requests in flight at once, and cancellation that simply closes the request (Foundation's
/// URLSession on Linux could deadlock when a long-poll was cancelled).
public struct HTTPTransport: SyncTransport {
    public let baseURL: URL
    let token: String
    let client: HTTPClient

    /// The largest answer read (a pull page of the largest size is a few MiB).
    static let maxAnswerBytes = 256 * 1_024 * 1_024

    /// A transport to the hub at `baseURL` (e.g. `http://127.0.0.1:8080`) with a node's token.
    public init(baseURL: URL, token: String, client: HTTPClient = .shared) {
        // Relative paths resolve against the last "/": keep a base path such as /tdsync/ whole.
        self.baseURL = baseURL.absoluteString.hasSuffix("/") ? baseURL : URL(string: baseURL.absoluteString + "/") ?? baseURL
        self.token = token
        self.client = client
    }

    public func hello(_ request: HelloRequest) async throws -> HelloResponse {
        let data = try await send("v1/hello", method: .POST, body: [UInt8](try WireJSON.encode(request)))
        return try WireJSON.decode(HelloResponse.self, from: Data(data))
    }

    public func push(_ versions: EncodedVersions) async throws -> PushResponse {
        try PushResponse.decode(try await send("v1/push", method: .POST, body: versions.pushBody))
    }

    public func pull(after cursor: Int64, limit: Int, wait: Int, includeOwn: Bool) async throws -> PullResponse {
        let data = try await send("v1/pull?after=\(cursor)&limit=\(limit)&wait=\(wait)\(includeOwn ? "&echo=1" : "")", method: .GET, body: nil,
                                  timeout: .seconds(Int64(wait) + 30))
        return try WireMessages.decodePull(data)
    }

    /// Sends a request; network failures become `hub_unreachable`, error answers their `SyncError`.
    func send(_ path: String, method: HTTPMethod, body: [UInt8]?, timeout: TimeAmount = .seconds(60)) async throws -> [UInt8] {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw SyncError(.notConfigured, "the hub URL \(baseURL) cannot be combined with \(path)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let status: Int, answer: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            answer = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SyncError(.hubUnreachable, "cannot reach the hub at \(baseURL.absoluteString): \(error)")
        }
        let bytes = Array(answer.readableBytesView)
        guard (200..<300).contains(status) else {
            if let body = try? WireJSON.decode(ErrorBody.self, from: Data(bytes)) {
                throw SyncError(.named(body.error.code, httpStatus: status), body.error.message)
            }
            throw SyncError(status >= 500 ? .hubUnreachable : .badRequest, "the hub answered HTTP \(status) to \(method) /\(path)")
        }
        return bytes
    }
}
