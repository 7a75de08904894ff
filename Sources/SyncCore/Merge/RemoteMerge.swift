/// Merging one validated remote version into a record's stored state: the checks and the merge
/// every store runs, whatever holds the state (a replica's SQLite file, the hub's PostgreSQL).
public enum RemoteMerge {
    /// Decides whether a validated incoming version may be applied over the stored one (nil when
    /// the record is new); throws a `SyncError` to reject that version alone. The hub's write rules.
    public typealias Admission = @Sendable (_ incoming: RecordVersion, _ stored: RecordVersion?) throws -> Void

    /// What merging came to.
    public enum Step: Sendable, Equatable {
        /// The store had already seen everything in the version.
        case alreadyKnown
        /// Store `state`; `isIncoming` when it is exactly what the sender sent.
        case store(RecordState, isIncoming: Bool)
    }

    /// Merges `version` (already validated against the schema) over the stored scope and state.
    /// Throws to reject the version alone: a move to another scope, a reused dot, or `admit`.
    public static func step(_ version: RecordVersion, over stored: (scope: String, state: RecordState)?,
                            admit: Admission?) throws -> Step {
        if let stored {
            guard stored.scope == version.scope else {
                throw SyncError(.scopeMismatch, "\(version.key) belongs to scope '\(stored.scope)'; a version cannot move it to '\(version.scope)'")
            }
            try checkNoReusedDots(version.state, against: stored.state, key: version.key)
        }
        try admit?(version, stored.map { RecordVersion(key: version.key, scope: $0.scope, state: $0.state) })
        guard let stored else { return .store(version.state, isIncoming: true) }
        let merged = stored.state.merging(version.state)
        if merged == stored.state { return .alreadyKnown }
        return .store(merged, isIncoming: merged == version.state)
    }

    /// Rejects a version that carries a known dot with different data in the same field.
    public static func checkNoReusedDots(_ incoming: RecordState, against stored: RecordState, key: RecordKey) throws {
        for (name, siblings) in incoming.fields {
            guard let mine = stored.fields[name] else { continue }
            for sibling in siblings {
                if let known = mine.first(where: { $0.dot == sibling.dot }), known != sibling {
                    throw SyncError(.dotReused, "\(key) field '\(name)': write \(sibling.dot) is already known with different data; a node must never reuse a counter")
                }
            }
        }
    }
}
