import SyncCore

/// A node as the hub knows it: identity, role, scopes and where it stands.
public struct RegisteredNode: Sendable, Equatable {
    public let id: NodeID
    public let role: Role
    /// Scopes the node may read and (for provinces) write; `*` for all.
    public let scopes: [String]
    public let revoked: Bool
    /// The highest counter of this node's writes the hub has stored.
    public let highestCounter: UInt64
    /// The last pull cursor the node reached, if it has pulled.
    public let lastSeenSeq: Int64?
    public let lastSeenAt: String?
}

/// The hub's storage, behind a small protocol so that a PostgreSQL backend can replace SQLite.
public protocol HubStore: Sendable {
    /// Registers a node and returns its bearer token (shown once; only its hash is stored).
    func registerNode(_ id: NodeID, role: Role, scopes: [String]) throws -> String
    /// Replaces the scopes of a province or reader node (after the 2025 merger, a merged
    /// province's office moves to its successor's scope); the node adopts them at its next hello.
    func setScopes(_ id: NodeID, scopes: [String]) throws
    /// Replaces a node's token; the old one stops working at once.
    func rotateToken(_ id: NodeID) throws -> String
    /// Revokes a node: its token stops working; its data stays.
    func revoke(_ id: NodeID) throws
    /// Every registered node, by id.
    func nodes() throws -> [RegisteredNode]
    /// The node a bearer token belongs to; `unauthorized` when missing, unknown, wrong or revoked.
    func authenticate(token: String) throws -> RegisteredNode
    /// Applies a push under the node's write rules; one result per version.
    func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) throws -> PushResponse
    /// A page of changes the node may read, after `cursor`, in wire form; remembers the cursor as
    /// last seen. Unless `includeOwn`, records whose state is exactly the node's own push are
    /// left out (the node holds them); the page's `lastSeq` still moves past them.
    func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) throws -> EncodedVersions
    /// The hub's latest change-log sequence.
    func latestSeq() throws -> Int64
    /// The hub's epoch: renewed when its data is restored from a backup.
    func epoch() throws -> String
}
