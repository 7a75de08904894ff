import Foundation
import Hummingbird
import NIOCore
import SyncCore

extension Request {
    /// The body, inflated when gzip-encoded; over `limit` either way is `body_too_large`.
    func bodyBytes(limit: Int = ProtocolInfo.maxBodyBytes) async throws -> [UInt8] {
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch {
            throw SyncError(.bodyTooLarge, "the body is over \(limit) bytes; send smaller batches")
        }
        let body = try BodyEncoding.decoded(buffer, contentEncoding: headers[.contentEncoding], limit: limit)
        return Array(body.readableBytesView)
    }

    /// An integer query parameter, or `bad_request` naming it.
    func queryInteger(_ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = uri.queryParameters.get(name) else { return value }
        guard let n = Int64(text), range.contains(n) else {
            throw SyncError(.badRequest, "query parameter '\(name)' must be an integer in \(range.lowerBound)…\(range.upperBound), not '\(text.prefix(40))'")
        }
        return n
    }
}

/// Encodes a value as a JSON response.
func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(status: status, headers: [.contentType: "application/json"],
             body: ResponseBody(byteBuffer: ByteBuffer(data: try WireJSON.encode(value))))
}
