import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SyncCore

/// The HTTP transport (Foundation's URLSession, libcurl on Linux).
public struct HTTPTransport: SyncTransport {
    public let baseURL: URL
    let token: String
    let session: URLSession

    /// A transport to the hub at `baseURL` (e.g. `http://127.0.0.1:8080`) with a node's token.
    public init(baseURL: URL, token: String) {
        // Relative paths resolve against the last "/": keep a base path such as /tdsync/ whole.
        self.baseURL = baseURL.absoluteString.hasSuffix("/") ? baseURL : URL(string: baseURL.absoluteString + "/") ?? baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 120
        session = URLSession(configuration: configuration)
    }

    public func hello(_ request: HelloRequest) async throws -> HelloResponse {
        let data = try await send("v1/hello", method: "POST", body: try WireJSON.encode(request))
        return try WireJSON.decode(HelloResponse.self, from: data)
    }

    public func push(_ versions: EncodedVersions) async throws -> PushResponse {
        let data = try await send("v1/push", method: "POST", body: Data(versions.pushBody))
        return try PushResponse.decode([UInt8](data))
    }

    public func pull(after cursor: Int64, limit: Int, wait: Int, includeOwn: Bool) async throws -> PullResponse {
        let data = try await send("v1/pull?after=\(cursor)&limit=\(limit)&wait=\(wait)\(includeOwn ? "&echo=1" : "")", method: "GET", body: nil,
                                  timeout: TimeInterval(wait + 30))
        return try WireMessages.decodePull([UInt8](data))
    }

    /// Sends a request; network failures become `hub_unreachable`, error answers their `SyncError`.
    func send(_ path: String, method: String, body: Data?, timeout: TimeInterval = 60) async throws -> Data {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw SyncError(.notConfigured, "the hub URL \(baseURL) cannot be combined with \(path)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        request.httpBody = body
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw SyncError(.hubUnreachable, "cannot reach the hub at \(baseURL.absoluteString): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else {
            throw SyncError(.hubUnreachable, "the hub at \(baseURL.absoluteString) sent no HTTP answer")
        }
        guard (200..<300).contains(http.statusCode) else {
            if let body = try? WireJSON.decode(ErrorBody.self, from: data) {
                throw SyncError(.named(body.error.code, httpStatus: http.statusCode), body.error.message)
            }
            throw SyncError(http.statusCode >= 500 ? .hubUnreachable : .badRequest, "the hub answered HTTP \(http.statusCode) to \(method) /\(path)")
        }
        return data
    }
}
