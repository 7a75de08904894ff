import CompressNIO
import Hummingbird
import NIOCore
import SyncCore

/// gzip on the wire (protocol.md §15.4): a request body sent with `Content-Encoding: gzip` is
/// inflated — never beyond the body limit — and an answer of at least `minimumBytes` is deflated
/// when the request says `Accept-Encoding: gzip`. For slow provincial links: nominations' JSON
/// shrinks several times, and on loopback a client simply does not ask.
enum BodyEncoding {
    /// Answers smaller than this go as they are: gzip's header and the CPU would cost more.
    static let minimumBytes = 1_024

    /// zlib's fastest level: most of the gain on JSON, a fraction of the default level's CPU.
    static let gzip = CompressionAlgorithm.gzip(configuration: .init(compressionLevel: .fastestCompression))

    /// The request body as the client meant it: inflated when it came gzip-encoded.
    static func decoded(_ body: ByteBuffer, contentEncoding: String?, limit: Int) throws -> ByteBuffer {
        switch contentEncoding?.trimmingCharacters(in: .whitespaces).lowercased() {
        case nil, "", "identity":
            return body
        case "gzip":
            var compressed = body
            do {
                return try compressed.decompress(with: gzip, maxSize: limit)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw SyncError(.bodyTooLarge, "the gzip body inflates to more than \(limit) bytes; send smaller batches")
            } catch {
                throw SyncError(.badRequest, "the gzip body cannot be inflated (\(error)); send it again, or without Content-Encoding")
            }
        case let other?:
            throw SyncError(.badRequest, "Content-Encoding '\(other.prefix(40))' is not supported; send the body as it is or with gzip")
        }
    }

    /// Whether an `Accept-Encoding` header accepts gzip (a `gzip;q=0` refuses it).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { return false }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0
        }
    }

    /// A JSON answer, deflated when the request accepts gzip and the body is big enough.
    static func jsonResponse(_ bytes: [UInt8], for request: Request) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if bytes.count >= minimumBytes, acceptsGzip(request.headers[.acceptEncoding]) {
            var plain = ByteBuffer(bytes: bytes)
            if let compressed = try? plain.compress(with: gzip) {
                headers[.contentEncoding] = "gzip"
                headers[.vary] = "Accept-Encoding"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: compressed))
            }
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
