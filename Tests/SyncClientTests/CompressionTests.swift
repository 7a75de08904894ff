import AsyncHTTPClient
import CompressNIO
import Foundation
import NIOCore
import NIOHTTP1
import SyncClient
import Commendation
import SyncCore
import Testing

/// gzip on the wire (protocol.md §15.4), through a real hub on loopback.
@Suite struct CompressionTests {
    static let gzip = CompressionAlgorithm.gzip(configuration: .init())

    /// Sends a raw request with the given headers; answers status, headers' Content-Encoding and body.
    static func send(_ hub: HubFixture, _ path: String, method: HTTPMethod = .GET, token: String,
                     headers: [(String, String)] = [], body: ByteBuffer? = nil) async throws -> (status: Int, encoding: String?, body: ByteBuffer) {
        var request = HTTPClientRequest(url: URL(string: path, relativeTo: hub.url)!.absoluteString)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await HTTPTransport.sharedClient.execute(request, timeout: .seconds(30))
        return (Int(response.status.code), response.headers.first(name: "Content-Encoding"), try await response.body.collect(upTo: 64 << 20))
    }

    static func gzipped(_ text: String) throws -> ByteBuffer {
        var plain = ByteBuffer(string: text)
        return try plain.compress(with: gzip)
    }

    @Test(arguments: HubBackend.all) func nodesSyncWithGzipBothWays(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write((1...300).map { Domain.nomination("n\($0)", scope: "hn", name: "Nguyễn Thị Hồng Nhung \($0)") })
            let gzip = { (replica: Replica) in
                SyncSession(replica: replica, transport: HTTPTransport(baseURL: hub.url, token: try #require(try replica.syncState().token), compression: .gzip))
            }
            let pushed = try await gzip(hn).sync()
            #expect(pushed.pushed.applied == 300)
            let pulled = try await gzip(board).sync()
            #expect(pulled.pulled.applied == 300)
            for record in try hn.records(in: "nominations") {
                #expect(try board.record(record.version.key)?.version == record.version, "\(record.version.key) arrived intact")
            }

            // The answer really was compressed, and says so.
            let token = try #require(try board.syncState().token)
            let plain = try await Self.send(hub, "v1/pull?after=0&limit=1000", token: token)
            let zipped = try await Self.send(hub, "v1/pull?after=0&limit=1000", token: token, headers: [("Accept-Encoding", "gzip")])
            let refused = try await Self.send(hub, "v1/pull?after=0&limit=1000", token: token, headers: [("Accept-Encoding", "gzip;q=0, identity")])
            #expect(plain.encoding == nil && refused.encoding == nil)
            #expect(zipped.encoding == "gzip")
            #expect(zipped.body.readableBytes * 3 < plain.body.readableBytes, "a page of nominations shrinks at least 3× (\(zipped.body.readableBytes) of \(plain.body.readableBytes) bytes)")
            var inflated = zipped.body
            #expect(try inflated.decompress(with: Self.gzip) == plain.body)
        }
    }

    @Test(arguments: HubBackend.all) func badGzipBodiesAreRefusedAndChangeNothing(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            let before = try await hub.store.latestSeq()

            var corrupt = try Self.gzipped(String(repeating: "[]", count: 2_000))
            corrupt.moveWriterIndex(to: corrupt.writerIndex - 12)
            corrupt.writeBytes([0xde, 0xad, 0xbe, 0xef])
            let broken = try await Self.send(hub, "v1/push", method: .POST, token: token, headers: [("Content-Encoding", "gzip")],
                                             body: ByteBuffer(bytes: Array(corrupt.readableBytesView.prefix(40)) + [1, 2, 3]))
            #expect(broken.status == 400)
            #expect(String(buffer: broken.body).contains("bad_request"))

            // 16 MiB of spaces inflate past the 8 MiB body limit from a few KiB on the wire.
            let bomb = try await Self.send(hub, "v1/push", method: .POST, token: token, headers: [("Content-Encoding", "gzip")],
                                           body: try Self.gzipped("[" + String(repeating: " ", count: 16 << 20) + "]"))
            #expect(bomb.status == 413)
            #expect(String(buffer: bomb.body).contains("body_too_large"))

            let unknown = try await Self.send(hub, "v1/push", method: .POST, token: token, headers: [("Content-Encoding", "br")],
                                              body: ByteBuffer(string: "[]"))
            #expect(unknown.status == 400)
            #expect(String(buffer: unknown.body).contains("Content-Encoding 'br'"))
            #expect(try await hub.store.latestSeq() == before, "no refused body changed the hub")
        }
    }

    @Test func automaticCompressionSkipsLoopback() {
        let token = "t"
        #expect(!HTTPTransport(baseURL: URL(string: "http://127.0.0.1:8080")!, token: token).compresses)
        #expect(!HTTPTransport(baseURL: URL(string: "http://localhost:8080")!, token: token).compresses)
        #expect(!HTTPTransport(baseURL: URL(string: "http://[::1]:8080")!, token: token).compresses)
        #expect(HTTPTransport(baseURL: URL(string: "https://tdsync.thiduakhenthuong.gov.vn")!, token: token).compresses)
        #expect(!HTTPTransport(baseURL: URL(string: "https://tdsync.thiduakhenthuong.gov.vn")!, token: token, compression: .none).compresses)
        #expect(HTTPTransport(baseURL: URL(string: "http://127.0.0.1:8080")!, token: token, compression: .gzip).compresses)
    }
}
