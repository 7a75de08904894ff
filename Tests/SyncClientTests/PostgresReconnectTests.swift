import Foundation
import PostgresTestSupport
import Testing
import SyncCore
import SyncServer

/// The PostgreSQL hub store over a pool whose connections die behind its back (a database
/// restart, a failover, a firewall dropping idle connections): reads run again on a fresh
/// connection instead of failing the request with `storage_failure`.
@Suite struct PostgresReconnectTests {
    @Test func readsOnConnectionsResetBehindThePoolsBackRunAgainOnFreshOnes() async throws {
        guard HubBackend.all.contains(.postgres) else { return }
        let url = try await PostgresServer.shared.newDatabase()
        var parts = try #require(URLComponents(string: url))
        let proxy = try FaultProxy(target: try #require(parts.port), seed: 1)
        defer { proxy.close() }
        parts.port = proxy.port
        let store = try await PostgresHubStore.connect(try PostgresHubConfiguration(url: try #require(parts.string), poolSize: 2),
                                                       schema: .commendation, logger: HubFixture.quietLogger)
        do {
            let token = try await store.registerNode(NodeID("hn-office"), role: .province, scopes: ["hn"])
            let board = try await store.registerNode(NodeID("board"), role: .board, scopes: [])
            _ = try await store.authenticate(token: token)
            let reader = try await store.authenticate(token: board)
            for round in 1...3 {
                // Every pooled connection is reset at its next use: each read below meets one.
                proxy.resetOpenConnectionsAtTheirNextRequest()
                #expect(try await store.authenticate(token: token).id == NodeID("hn-office"), "round \(round): authenticate")
                proxy.resetOpenConnectionsAtTheirNextRequest()
                #expect(try await store.nodes().count == 2, "round \(round): list nodes")
                proxy.resetOpenConnectionsAtTheirNextRequest()
                let page = try await store.pull(after: 0, for: reader, limit: 10, includeOwn: true)
                #expect(page.lastSeq >= 0, "round \(round): a page of the change log")
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
