import SyncCore

/// How a node talks to a hub. The real one speaks HTTP (`HTTPTransport`); tests of the sync
/// logic use the same one against a real hub on loopback.
public protocol SyncTransport: Sendable {
    /// Handshake: versions, the node's registration and its highest counter at the hub.
    func hello(_ request: HelloRequest) async throws -> HelloResponse
    /// Sends a batch of versions already in wire form; one result per version, in order.
    func push(_ versions: EncodedVersions) async throws -> PushResponse
    /// A page of changes after `cursor`; with `wait` > 0 the hub holds the request until a change
    /// lands or `wait` seconds pass. `includeOwn` asks for the node's own pushes back too (after
    /// a restore from an older copy); otherwise the hub leaves them out.
    func pull(after cursor: Int64, limit: Int, wait: Int, includeOwn: Bool) async throws -> PullResponse
}

extension SyncTransport {
    /// Sends versions held in memory.
    public func push(_ versions: [RecordVersion]) async throws -> PushResponse {
        try await push(EncodedVersions(encoding: versions))
    }

    /// A page of changes after `cursor`, without the node's own pushes.
    public func pull(after cursor: Int64, limit: Int, wait: Int) async throws -> PullResponse {
        try await pull(after: cursor, limit: limit, wait: wait, includeOwn: false)
    }
}
