import Metrics
import Prometheus
import SyncCore

/// The hub's metrics (swift-metrics, exported by swift-prometheus at `GET /metrics`). Each hub
/// has its own registry, so several hubs in one process (tests) do not mix their figures.
struct HubMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory

    init() { factory = PrometheusMetricsFactory(registry: registry) }

    /// Counts one push and its outcomes.
    func recordPush(from node: NodeID, results: [ApplyResult], duration: Duration, hubSeq: Int64) {
        Counter(label: "tdsync_push_requests_total", dimensions: [("node", node.rawValue)], factory: factory).increment()
        var outcomes: [String: Int] = [:]
        for result in results {
            switch result.outcome {
            case .applied: outcomes["applied", default: 0] += 1
            case .alreadyKnown: outcomes["already_known", default: 0] += 1
            case .conflict: outcomes["conflict", default: 0] += 1
            case .rejected(let code, _):
                outcomes["rejected", default: 0] += 1
                Counter(label: "tdsync_rejections_total", dimensions: [("code", code)], factory: factory).increment()
            }
        }
        for (outcome, count) in outcomes {
            Counter(label: "tdsync_pushed_versions_total", dimensions: [("outcome", outcome)], factory: factory).increment(by: count)
        }
        Timer(label: "tdsync_push_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        Gauge(label: "tdsync_hub_seq", factory: factory).record(hubSeq)
    }

    /// Counts one pull page and remembers the node's cursor.
    func recordPull(by node: NodeID, after cursor: Int64, versions: Int) {
        Counter(label: "tdsync_pull_requests_total", dimensions: [("node", node.rawValue)], factory: factory).increment()
        Counter(label: "tdsync_pulled_versions_total", factory: factory).increment(by: versions)
        Gauge(label: "tdsync_node_pull_cursor", dimensions: [("node", node.rawValue)], factory: factory).record(cursor)
    }

    /// Names this hub process: instances sharing a database are scraped one by one, and
    /// `tdsync_hub_info{instance, backend}` tells their series apart.
    func recordInfo(instance: String, backend: String) {
        Gauge(label: "tdsync_hub_info", dimensions: [("instance", instance), ("backend", backend)], factory: factory).record(1)
    }

    /// Whether the storage answered the last health check (1) or not (0).
    func recordStorage(reachable: Bool) {
        Gauge(label: "tdsync_storage_reachable", factory: factory).record(reachable ? 1 : 0)
    }

    /// Counts a request answered with an error.
    func recordError(_ code: String) {
        Counter(label: "tdsync_errors_total", dimensions: [("code", code)], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
