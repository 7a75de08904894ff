import Crypto
import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// TLS, per-node rate limits, and tokens: how they are stored, rotated and revoked, through the
/// HTTP admin API and a real client.
@Suite(.serialized) struct SecurityTests {
    /// The test certificates: a CA, the hub's certificate for 127.0.0.1 signed by it, and a CA
    /// that signed nothing here (generated once with openssl; valid until 2076).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/tls")
    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static let hubTLS = HubTLS(certificateChainFile: fixture("hub.pem"), privateKeyFile: fixture("hub.key"))

    @Test func anHTTPSHubSyncsWithClientsThatTrustItsCAAndOnlyThose() async throws {
        try await HubFixture.with(tls: Self.hubTLS) { hub in
            #expect(hub.url.scheme == "https")
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write(Domain.nomination("tls-1", scope: "hn"))
            let pushed = try await SyncSession(replica: hn, caFile: Self.fixture("ca.pem")).sync()
            #expect(pushed.pushed.applied == 1)
            _ = try await SyncSession(replica: board, caFile: Self.fixture("ca.pem")).sync()
            #expect(try board.record(RecordKey(collection: "nominations", id: "tls-1")) != nil)

            // Without the CA (system roots only), or with another CA, the handshake fails: the
            // client does not talk to a hub it cannot authenticate.
            for caFile in [nil, Self.fixture("other-ca.pem")] {
                do {
                    _ = try await SyncSession(replica: hn, caFile: caFile).sync()
                    Issue.record("a sync trusting \(caFile ?? "the system roots") reached the hub")
                } catch let error as SyncError {
                    #expect(error.code == .hubUnreachable, "\(error)")
                    #expect(error.message.lowercased().contains("certificate"), "\(error.message)")
                }
            }
            // Plain HTTP to the TLS port gets no answer, and a missing CA file is a clear error.
            let plain = await RawSocket.send(RawSocket.request("GET", "/healthz", token: nil), port: hub.port, timeout: 5)
            #expect(plain.status == nil)
            #expect(throws: SyncError.self) { try SyncSession(replica: hn, caFile: "/nonexistent/ca.pem") }
        }
    }

    @Test func aHubWithAnUnreadableCertificateDoesNotStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-tls-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteHubStore(directory: directory.path, schema: .commendation)
        let broken = HubTLS(certificateChainFile: Self.fixture("ca.pem"), privateKeyFile: "/nonexistent/hub.key")
        await #expect(throws: SyncError.self) { _ = try await Hub(store: store, tls: broken).start(port: 0) }
    }

    @Test func aNodeOverItsBudgetIsAnswered429AndTheClientWaits() async throws {
        // A budget that refills slowly (one request per 10 s), so a busy machine cannot refill it
        // between the requests below.
        try await HubFixture.with(limits: HubLimits(requestsPerSecond: 0.1, burst: 3)) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            let token = try #require(try hn.syncState().token)
            var statuses: [Int?] = []
            var limited: RawAnswer?
            for _ in 0..<5 {
                let answer = await RawSocket.send(RawSocket.request("GET", "/v1/pull", token: token), port: hub.port)
                statuses.append(answer.status)
                if answer.status == 429 { limited = answer }
            }
            #expect(statuses.prefix(3) == [200, 200, 200])
            #expect(statuses.suffix(2).contains(429))
            let answer = try #require(limited)
            #expect(Int(answer.headers["retry-after"] ?? "") ?? 0 >= 1)
            #expect(try WireJSON.decode(ErrorBody.self, from: answer.body).error.code == "rate_limited")
            // The budget is the node's own: the board is not held back by the province.
            let boardToken = try #require(try board.syncState().token)
            #expect(await RawSocket.send(RawSocket.request("GET", "/v1/pull", token: boardToken), port: hub.port).status == 200)
        }
    }

    @Test func aClientOverItsBudgetWaitsAsToldAndCompletes() async throws {
        // Four syncs need 12 requests: three at once, then two a second.
        try await HubFixture.with(limits: HubLimits(requestsPerSecond: 2, burst: 3)) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            let started = ContinuousClock.now
            for i in 0..<4 {
                try hn.write(Domain.nomination("rl-\(i)", scope: "hn"))
                _ = try await hub.session(hn).sync()
            }
            #expect(ContinuousClock.now - started >= .seconds(1))
            _ = try await hub.session(board).sync()
            #expect(try board.records(in: "nominations").count == 4)
        }
    }

    @Test func tokensAreStoredHashedAndRotatedOrRevokedOverTheAdminAPI() async throws {
        try await HubFixture.with() { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            let admin = try await hub.store.registerNode(NodeID("ops"), role: .admin, scopes: [])
            let token = try #require(try hn.syncState().token)

            // Only SHA-256 of the secret is on the hub's disk, never the token or the secret.
            let secret = String(token.split(separator: ".").last!)
            let files = try FileManager.default.contentsOfDirectory(atPath: hub.directory.appendingPathComponent("hub").path)
            let onDisk = try files.map { try Data(contentsOf: hub.directory.appendingPathComponent("hub/\($0)")) }
            let digest = SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(!onDisk.contains { $0.range(of: Data(secret.utf8)) != nil })
            #expect(onDisk.contains { $0.range(of: Data(digest.utf8)) != nil })

            // Revoked over HTTP: the node's sync is refused at once; its data stays at the hub.
            try hn.write(Domain.nomination("before", scope: "hn"))
            _ = try await hub.session(hn).sync()
            let revoked = try await rawRequest(hub.url, "v1/admin/nodes/hn-office/revoke", method: "POST", body: Data(), token: admin)
            #expect(revoked.status == 200)
            try hn.write(Domain.nomination("while-revoked", scope: "hn"))
            await #expect { _ = try await hub.session(hn).sync() } throws: { ($0 as? SyncError)?.code == .unauthorized }
            _ = try await hub.session(board).sync()
            #expect(try board.record(RecordKey(collection: "nominations", id: "before")) != nil)

            // Rotated over HTTP: a new token re-admits the node, the old one stays dead, and the
            // write made while revoked (kept in the outbox) is delivered.
            let rotated = try await rawRequest(hub.url, "v1/admin/nodes/hn-office/rotate", method: "POST", body: Data(), token: admin)
            #expect(rotated.status == 200)
            let issued = try JSONSerialization.jsonObject(with: Data(rotated.body.utf8)) as? [String: Any]
            let newToken = try #require(issued?["token"] as? String)
            #expect(newToken != token && newToken.hasPrefix("tds1.hn-office."))
            #expect(try await rawRequest(hub.url, "v1/pull", token: token).status == 401)
            try hn.configureHub(url: hub.url.absoluteString, token: newToken)
            let report = try await hub.session(hn).sync()
            #expect(report.pushed.applied == 1)
            _ = try await hub.session(board).sync()
            #expect(try board.record(RecordKey(collection: "nominations", id: "while-revoked")) != nil)

            // Only an admin token may administer nodes.
            #expect(try await rawRequest(hub.url, "v1/admin/nodes/board/revoke", method: "POST", body: Data(), token: newToken).status == 403)
        }
    }
}
