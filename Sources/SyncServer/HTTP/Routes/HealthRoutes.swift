import Hummingbird
import NIOCore
import SyncCore

/// The routes nobody authenticates for: `/healthz` for load balancers, `/metrics` for Prometheus.
struct HealthRoutes: Sendable {
    let store: any HubStore
    let metrics: HubMetrics
    let instance: String

    func register(on router: Router<HubRequestContext>) {
        router.get("healthz") { _, _ in try await health() }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
    }

    /// `200 {"status":"ok",…}` when the storage answers, else `503` with `"status":"unavailable"`
    /// and the reason: a load balancer takes the instance out until its database is back.
    func health() async throws -> Response {
        let storage = await store.health()
        metrics.recordStorage(reachable: storage.reachable)
        let seq = storage.reachable ? try? await store.latestSeq() : nil
        let body = Health(status: storage.reachable && seq != nil ? "ok" : "unavailable", hubSeq: seq, storage: storage, instance: instance)
        return try json(body, status: body.status == "ok" ? .ok : .serviceUnavailable)
    }
}

/// The body of `GET /healthz`.
struct Health: Encodable {
    let status: String
    let hubSeq: Int64?
    let storage: StoreHealth
    /// This hub process's id, telling instances behind one load balancer apart.
    let instance: String
    enum CodingKeys: String, CodingKey { case status, hubSeq = "hub_seq", storage, instance }
}
