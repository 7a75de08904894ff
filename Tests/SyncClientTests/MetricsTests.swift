import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// `GET /metrics` reports what the hub did, in Prometheus text format.
@Suite struct MetricsTests {
    @Test(arguments: HubBackend.all) func metricsCountPushesPullsRejectionsAndCursors(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try hn.write((1...3).map { Domain.nomination("n\($0)", scope: "hn") })
            _ = try await hub.session(hn).sync()
            let token = try #require(try hn.syncState().token)
            let foreign = RecordVersion(key: RecordKey(collection: "nominations", id: "x"), scope: "hcm",
                                        state: try hn.record(RecordKey(collection: "nominations", id: "n1"))!.version.state)
            _ = try await hub.transport(token: token).push([foreign])
            let metrics = try await rawRequest(hub.url, "metrics")
            #expect(metrics.status == 200)
            for line in ["tdsync_push_requests_total{node=\"hn-office\"} 2", "tdsync_pushed_versions_total{outcome=\"applied\"} 3",
                         "tdsync_rejections_total{code=\"scope_violation\"} 1", "tdsync_pull_requests_total{node=\"hn-office\"}",
                         "tdsync_node_pull_cursor{node=\"hn-office\"}", "tdsync_push_duration_seconds"] {
                #expect(metrics.body.contains(line), "missing \(line) in:\n\(metrics.body)")
            }
        }
    }
}
