import AsyncHTTPClient
import CompressNIO
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
    /// Whether bodies travel gzip-compressed (protocol.md §15.4).
    public let compresses: Bool

    /// When to compress bodies on the wire.
    public enum Compression: String, Sendable, CaseIterable {
        /// gzip unless the hub is on this machine (loopback): slow links gain, loopback only pays CPU.
        case automatic = "auto"
        /// Always gzip: ask for gzip answers and send pushes of 1 KiB or more gzip-encoded.
        case gzip
        /// Never compress.
        case none
    }

    /// The largest answer read (a pull page of the largest size is a few MiB).
    static let maxAnswerBytes = 256 * 1_024 * 1_024

    /// A transport to the hub at `baseURL` (e.g. `http://127.0.0.1:8080`) with a node's token.
    public init(baseURL: URL, token: String, compression: Compression = .automatic, client: HTTPClient = HTTPTransport.sharedClient) {
        // Relative paths resolve against the last "/": keep a base path such as /tdsync/ whole.
        self.baseURL = baseURL.absoluteString.hasSuffix("/") ? baseURL : URL(string: baseURL.absoluteString + "/") ?? baseURL
        self.token = token
        self.client = client
        switch compression {
        case .gzip: compresses = true
        case .none: compresses = false
        case .automatic: compresses = !Self.isLoopback(host: baseURL.host ?? "")
        }
    }

    /// The process's client: pooled keep-alive connections, as `HTTPClient.shared`, but answers are
    /// read as sent — gzip is inflated here, bounded by `maxAnswerBytes` rather than by a ratio
    /// (a page of similar nominations can shrink more than 25×) — and a hub that cannot be
    /// reached fails the request at once (`hub_unreachable`) instead of being retried until the
    /// request's deadline: `tdsync sync` against a stopped hub answered only after 60 s. The
    /// daemon's backoff does the retrying.
    public static let sharedClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: sharedConfiguration)

    static var sharedConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.decompression = .disabled
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        // One process may sync many replicas with one hub (a board's server, tests, the
        // benchmark): each daemon holds a long-poll and a push at once, so 8 connections per host
        // (the default) left requests waiting for a connection until they failed.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 128
        return configuration
    }

    /// Whether `host` names this machine.
    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1"
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

    /// How many times a request the hub answered `429 rate_limited` is sent again, each after the
    /// wait the hub asked for (`Retry-After`, at most `longestRetryAfter`).
    static let rateLimitRetries = 5
    static let longestRetryAfter: Duration = .seconds(60)

    /// Sends a request, waiting and sending again while the hub answers `rate_limited`; network
    /// failures become `hub_unreachable`, error answers their `SyncError`.
    func send(_ path: String, method: HTTPMethod, body: [UInt8]?, timeout: TimeAmount = .seconds(60)) async throws -> [UInt8] {
        var attempt = 0, resent = false
        while true {
            do {
                return try await sendOnce(path, method: method, body: body, timeout: timeout)
            } catch let error as SyncError where error.code == .rateLimited && attempt < Self.rateLimitRetries {
                attempt += 1
                try await Task.sleep(for: min(error.retryAfter ?? .seconds(1), Self.longestRetryAfter))
            } catch let error as SyncError where !resent && Self.isClosedKeepAlive(error) {
                // A pooled connection the hub had just closed: send once more on a new one.
                // Every request of the protocol may be repeated (protocol.md §20.2).
                resent = true
            }
        }
    }

    /// Whether the failure is a kept-alive connection closed by the hub before it answered.
    static func isClosedKeepAlive(_ error: SyncError) -> Bool {
        guard error.code == .hubUnreachable, let cause = error.underlying as? HTTPClientError else { return false }
        return cause == .remoteConnectionClosed
    }

    private func sendOnce(_ path: String, method: HTTPMethod, body: [UInt8]?, timeout: TimeAmount) async throws -> [UInt8] {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw SyncError(.notConfigured, "the hub URL \(baseURL) cannot be combined with \(path)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if compresses { request.headers.add(name: "Accept-Encoding", value: "gzip") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            if compresses && body.count >= WireGzip.minimumBytes {
                request.headers.add(name: "Content-Encoding", value: "gzip")
                request.body = .bytes(try WireGzip.compress(body))
            } else {
                request.body = .bytes(body)
            }
        }
        let status: Int, answer: ByteBuffer, encoding: String?, retryAfter: String?
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            encoding = response.headers.first(name: "Content-Encoding")
            retryAfter = response.headers.first(name: "Retry-After")
            answer = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SyncError(.hubUnreachable, "cannot reach the hub at \(baseURL.absoluteString): \(error)", underlying: error)
        }
        let bytes = try WireGzip.decoded(answer, contentEncoding: encoding, limit: Self.maxAnswerBytes, from: baseURL)
        guard (200..<300).contains(status) else {
            // Retry-After in seconds (the hub's form); an HTTP date from a proxy counts as 1 s.
            let wait = retryAfter.map { Duration.seconds(max(1, Int($0.trimmingCharacters(in: .whitespaces)) ?? 1)) }
            if let body = try? WireJSON.decode(ErrorBody.self, from: Data(bytes)) {
                throw SyncError(.named(body.error.code, httpStatus: status), body.error.message, retryAfter: wait)
            }
            if status == 429 { throw SyncError(.rateLimited, "the hub answered 429 Too Many Requests to \(method) /\(path)", retryAfter: wait) }
            throw SyncError(status >= 500 ? .hubUnreachable : .badRequest, "the hub answered HTTP \(status) to \(method) /\(path)")
        }
        return bytes
    }
}

/// gzip for the client's bodies (protocol.md §15.4), at zlib's fastest level.
enum WireGzip {
    /// Bodies smaller than this go as they are.
    static let minimumBytes = 1_024
    static let algorithm = CompressionAlgorithm.gzip(configuration: .init(compressionLevel: .fastestCompression))

    static func compress(_ bytes: [UInt8]) throws -> ByteBuffer {
        var plain = ByteBuffer(bytes: bytes)
        return try plain.compress(with: algorithm)
    }

    /// The answer's bytes, inflated when the hub sent them gzip-encoded.
    static func decoded(_ answer: ByteBuffer, contentEncoding: String?, limit: Int, from hub: URL) throws -> [UInt8] {
        guard let contentEncoding, contentEncoding.lowercased() != "identity" else { return Array(answer.readableBytesView) }
        guard contentEncoding.lowercased() == "gzip" else {
            throw SyncError(.hubUnreachable, "the hub at \(hub.absoluteString) answered with Content-Encoding '\(contentEncoding.prefix(40))', which this client does not read")
        }
        var compressed = answer
        do {
            return Array(try compressed.decompress(with: algorithm, maxSize: limit).readableBytesView)
        } catch {
            throw SyncError(.hubUnreachable, "the hub at \(hub.absoluteString) sent a gzip answer that cannot be inflated (\(error))")
        }
    }
}
