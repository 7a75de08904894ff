import CompressNIO
import Hummingbird
import NIOCore
import Testing
import SyncCore
@testable import SyncServer

/// gzip on the wire, without HTTP: bodies inflated within the limit, answers deflated when asked.
@Suite struct BodyEncodingTests {
    static func gzipped(_ bytes: [UInt8]) throws -> ByteBuffer {
        var plain = ByteBuffer(bytes: bytes)
        return try plain.compress(with: BodyEncoding.gzip)
    }

    static func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as SyncError { return error.code.rawValue } catch { return "\(error)" }
    }

    @Test func bodiesAreInflatedWithinTheLimit() throws {
        let json = Array(String(repeating: "{\"nominee_name\":\"Nguyễn Văn An\"},", count: 200).utf8)
        let inflated = try BodyEncoding.decoded(try Self.gzipped(json), contentEncoding: " GZIP ", limit: 1 << 20)
        #expect(Array(inflated.readableBytesView) == json)
        for identity in [nil, "", "identity"] {
            #expect(Array(try BodyEncoding.decoded(ByteBuffer(bytes: json), contentEncoding: identity, limit: 10).readableBytesView) == json,
                    "an identity body is taken as it is (its size is checked when it is read)")
        }
    }

    @Test func aBombABadStreamAndAnUnknownEncodingAreRefused() throws {
        let bomb = try Self.gzipped([UInt8](repeating: 0x20, count: 4 << 20))
        #expect(bomb.readableBytes < 64 * 1024)
        #expect(Self.code { _ = try BodyEncoding.decoded(bomb, contentEncoding: "gzip", limit: 1 << 20) } == "body_too_large")
        #expect(Self.code { _ = try BodyEncoding.decoded(ByteBuffer(bytes: Array("not gzip at all".utf8)), contentEncoding: "gzip", limit: 1 << 20) } == "bad_request")
        #expect(Self.code { _ = try BodyEncoding.decoded(ByteBuffer(bytes: [1, 2]), contentEncoding: "br", limit: 1 << 20) } == "bad_request")
    }

    @Test func acceptEncodingIsReadAsHTTPSaysAndSmallAnswersStayPlain() throws {
        #expect(BodyEncoding.acceptsGzip("gzip"))
        #expect(BodyEncoding.acceptsGzip("br, gzip;q=0.5"))
        #expect(BodyEncoding.acceptsGzip("*"))
        #expect(!BodyEncoding.acceptsGzip("gzip;q=0"))
        #expect(!BodyEncoding.acceptsGzip("identity"))
        #expect(!BodyEncoding.acceptsGzip(nil))
        func request(accepting: String?) -> Request {
            var head = HTTPRequest(method: .get, scheme: "http", authority: "hub", path: "/v1/pull")
            if let accepting { head.headerFields[.acceptEncoding] = accepting }
            return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        }
        let big = Array(String(repeating: "[\"Nguyễn\"],", count: 500).utf8)
        let deflated = BodyEncoding.jsonResponse(big, for: request(accepting: "gzip"))
        #expect(deflated.headers[.contentEncoding] == "gzip" && deflated.headers[.vary] == "Accept-Encoding")
        #expect(BodyEncoding.jsonResponse(big, for: request(accepting: nil)).headers[.contentEncoding] == nil)
        #expect(BodyEncoding.jsonResponse(Array("[]".utf8), for: request(accepting: "gzip")).headers[.contentEncoding] == nil,
                "answers under \(BodyEncoding.minimumBytes) bytes are not worth gzip")
    }
}
