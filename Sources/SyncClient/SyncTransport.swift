import SyncCore

/// How a node talks to a hub. The real one speaks HTTP (`HTTPTransport`); tests of the sync
/// logic use the same one against a real hub on loopback.
public protocol SyncTransport: Sendable {
    /// Handshake: versions, the node's registration and its highest counter at the hub.
    func hello(_ request: HelloRequest) async throws -> HelloResponse
    /// Sends a batch of versions; one result per version, in order.
    func push(_ versions: [RecordVersion]) async throws -> PushResponse
    /// A page of changes after `cursor`; with `wait` > 0 the hub holds the request until a change
    /// lands or `wait` seconds pass.
    func pull(after cursor: Int64, limit: Int, wait: Int) async throws -> PullResponse
}
