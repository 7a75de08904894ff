/// A write a person or application makes on the local replica.
public struct LocalWrite: Sendable {
    /// What the write does to the record.
    public enum Operation: Sendable {
        /// Creates the record in `scope`; fails if the id exists, even deleted.
        case create(scope: String)
        /// Sets some fields of a live record.
        case update
        /// Marks a live record deleted.
        case delete
    }

    public let key: RecordKey
    public let operation: Operation
    /// Field name → new value. Unnamed fields keep their siblings.
    public let values: [String: FieldValue]

    public init(key: RecordKey, operation: Operation, values: [String: FieldValue] = [:]) {
        self.key = key
        self.operation = operation
        self.values = values
    }
}

/// What `Replica.tryWrites(_:commit:)` did: each write's outcome, in batch order, and whether the
/// successful ones were committed (false: nothing of the batch was stored).
public struct BatchWriteResult: Sendable {
    /// The new version of each write that succeeded, the error of each that failed.
    public let outcomes: [Result<RecordVersion, SyncError>]
    /// Whether the successful writes were committed.
    public let committed: Bool

    public init(outcomes: [Result<RecordVersion, SyncError>], committed: Bool) {
        self.outcomes = outcomes
        self.committed = committed
    }
}

/// What happened to one incoming record version.
public enum ApplyOutcome: Sendable, Equatable {
    /// The version brought news and merged without conflict.
    case applied
    /// The replica had already seen everything in the version.
    case alreadyKnown
    /// The version merged and these fields now hold concurrent values.
    case conflict(fields: [String])
    /// The version was refused; nothing of it was stored.
    case rejected(code: String, message: String)
}

/// The outcome for one version of a batch, in batch order.
public struct ApplyResult: Sendable, Equatable {
    public let key: RecordKey
    public let outcome: ApplyOutcome

    public init(key: RecordKey, outcome: ApplyOutcome) {
        self.key = key
        self.outcome = outcome
    }
}

/// A record as stored in a replica, with the sequence of its latest change.
public struct StoredRecord: Sendable, Equatable {
    public let version: RecordVersion
    /// The replica's change-log sequence of this record's latest change.
    public let seq: Int64
}

/// A page of the change log: the records changed after a sequence, in sequence order.
public struct ChangePage: Sendable {
    public let versions: [RecordVersion]
    /// The sequence to ask after next time (the last row's, or the one asked for when empty).
    public let lastSeq: Int64
    /// Whether more changes follow this page.
    public let hasMore: Bool
}

/// An open conflict: a field whose siblings hold more than one distinct value.
public struct Conflict: Sendable, Equatable {
    public let key: RecordKey
    public let scope: String
    public let field: String
    /// Every concurrent value, sorted by dot.
    public let siblings: [Sibling]
    /// The sibling readers see in the typed table while the conflict is open.
    public let winner: Sibling
}

/// A replica's own identity and counters.
public struct NodeState: Sendable, Equatable {
    public let node: NodeID
    public let role: Role
    /// The scopes this node replicates (`*` for all).
    public let scopes: [String]
    /// The highest counter this node has issued (or learned it issued before).
    public let counter: UInt64
    /// The last hybrid clock reading issued or observed.
    public let clock: HLCTimestamp
    /// The last change-log sequence used.
    public let lastSeq: Int64
}
