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

/// The hub's storage: SQLite in one process (`SQLiteHubStore`), or PostgreSQL shared by several
/// hub instances (`PostgresHubStore`). Every method may run concurrently with any other, in this
/// process or (for a shared database) in another hub instance.
public protocol HubStore: Sendable {
    /// `sqlite` or `postgresql`, for `/healthz` and `/metrics`.
    var backend: String { get }
    /// The schema the hub's records follow: the write rules check pushes against it.
    var schema: Schema { get }
    /// Registers a node and returns its bearer token (shown once; only its hash is stored).
    func registerNode(_ id: NodeID, role: Role, scopes: [String]) async throws -> String
    /// Replaces the scopes of a province or reader node (after the 2025 merger, a merged
    /// province's office moves to its successor's scope); the node adopts them at its next hello.
    func setScopes(_ id: NodeID, scopes: [String]) async throws
    /// Replaces a node's token; the old one stops working at once.
    func rotateToken(_ id: NodeID) async throws -> String
    /// Revokes a node: its token stops working; its data stays.
    func revoke(_ id: NodeID) async throws
    /// Every registered node, by id.
    func nodes() async throws -> [RegisteredNode]
    /// The node a bearer token belongs to; `unauthorized` when missing, unknown, wrong or revoked.
    func authenticate(token: String) async throws -> RegisteredNode
    /// Applies a push under the node's write rules; one result per version.
    func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) async throws -> PushResponse
    /// A page of changes the node may read, after `cursor`, in wire form; remembers the cursor as
    /// last seen. Unless `includeOwn`, records whose state is exactly the node's own push are
    /// left out (the node holds them); the page's `lastSeq` still moves past them.
    func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) async throws -> EncodedVersions
    /// The hub's latest change-log sequence.
    func latestSeq() async throws -> Int64
    /// The hub's epoch: renewed when its data is restored from a backup.
    func epoch() async throws -> String
    /// Gives the hub a new epoch, after its data was restored from a backup, so that every node
    /// re-pushes what it holds at its next handshake.
    func renewEpoch() async throws
    /// Calls `onChange` whenever another hub instance sharing this store's database grows the
    /// change log (long-polls here wake on it), until the calling task is cancelled. Stores that
    /// one hub process owns have no other instances: they return at once.
    func observeChanges(_ onChange: @escaping @Sendable () async -> Void) async
    /// What `/healthz` reports about the storage: its kind and whether it answers.
    func health() async -> StoreHealth
    /// Releases connections and background tasks; the store is unusable afterwards.
    func close() async
}

/// The storage as `/healthz` reports it.
public struct StoreHealth: Sendable, Encodable {
    /// `sqlite` or `postgresql`.
    public let backend: String
    /// Whether the storage answered a query just now.
    public let reachable: Bool
    /// Why it did not, when it did not.
    public let error: String?

    public init(backend: String, reachable: Bool, error: String? = nil) {
        self.backend = backend
        self.reachable = reachable
        self.error = error
    }
}

/// Assembling a push's answer, the same for every store.
enum PushOutcomes {
    /// One result per pushed item, in push order: the stored results for the versions that could
    /// be read, in their places among the rejections of those that could not.
    static func inPlace(_ results: [ApplyResult], of items: [Result<RecordVersion, SyncError>]) -> [ApplyResult] {
        var merged: [ApplyResult] = []
        merged.reserveCapacity(items.count)
        var next = results.startIndex
        for item in items {
            switch item {
            case .success:
                merged.append(results[next])
                next += 1
            case .failure(let error):
                merged.append(ApplyResult(key: RecordKey(collection: "", id: ""), outcome: .rejected(code: error.code.rawValue, message: error.message)))
            }
        }
        return merged
    }
}
