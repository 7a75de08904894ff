import GRDB

extension Replica {
    /// Decides whether a validated incoming version may be applied over the stored one (nil when
    /// the record is new); throws a `SyncError` to reject that version alone. The hub's write rules.
    public typealias Admission = RemoteMerge.Admission

    /// Applies a batch of remote record versions in one transaction and returns a result per
    /// version, in order. A version that fails validation (or `admit`) is rejected alone and
    /// nothing of it is stored; the rest still apply. If storage fails, nothing is stored.
    /// `outbox` false keeps merged records out of the outbox (a hub never pushes). `origin`: the
    /// node that sent the batch, recorded on each record whose new state is exactly what it sent
    /// (a hub leaves those out of that node's pulls).
    public func apply(_ versions: [RecordVersion], admit: Admission? = nil, outbox: Bool = true, origin: NodeID? = nil) throws -> [ApplyResult] {
        try apply(versions, admit: admit, outbox: outbox ? .whenNew : .never, origin: origin)
    }

    /// Applies several batches of remote versions (pushes that arrived together) in one
    /// transaction, so they share one commit and one fsync, on GRDB's writer thread (the calling
    /// task waits without holding a thread of Swift's cooperative pool). Each batch keeps its own
    /// admission and origin and gets its own results, exactly as if it were applied alone after
    /// the batches before it. `inTransaction` runs last inside the same transaction: the hub's
    /// SQLite store counts each node's highest counter there, so pushes and counts commit together.
    @_spi(Storage)
    public func apply(batches: [ApplyBatch], outbox: Bool,
                      inTransaction: @escaping @Sendable (Database, [[ApplyResult]]) throws -> Void) async throws -> [[ApplyResult]] {
        try await storage {
            try await pool.write { db in
                var context = try WriteContext.load(db)
                let results = try batches.map { batch in
                    try self.applyVersions(batch.versions, admit: batch.admit, outbox: outbox ? .whenNew : .never, origin: batch.origin,
                                           context: &context, in: db)
                }
                try context.store(db)
                try inTransaction(db, results)
                return results
            }
        }
    }

    /// Which records an apply puts in the outbox.
    enum OutboxPolicy {
        /// A record that now holds something the sender did not send (and one already there).
        case whenNew
        /// None, and an applied record leaves it (a hub, which never pushes).
        case never
        /// Those already there, only: the seeded reference data, which every node applies for itself.
        case unchanged
    }

    func apply(_ versions: [RecordVersion], admit: Admission? = nil, outbox: OutboxPolicy, origin: NodeID? = nil,
               inTransaction: ((Database, [ApplyResult]) throws -> Void)? = nil) throws -> [ApplyResult] {
        try storage {
            try pool.write { db in
                try applyBatch(versions, admit: admit, outbox: outbox, origin: origin, inTransaction: inTransaction, in: db)
            }
        }
    }

    private func applyBatch(_ versions: [RecordVersion], admit: Admission?, outbox: OutboxPolicy, origin: NodeID?,
                            inTransaction: ((Database, [ApplyResult]) throws -> Void)?, in db: Database) throws -> [ApplyResult] {
        var context = try WriteContext.load(db)
        let results = try applyVersions(versions, admit: admit, outbox: outbox, origin: origin, context: &context, in: db)
        try context.store(db)
        try inTransaction?(db, results)
        return results
    }

    private func applyVersions(_ versions: [RecordVersion], admit: Admission?, outbox: OutboxPolicy, origin: NodeID?,
                               context: inout WriteContext, in db: Database) throws -> [ApplyResult] {
        var results: [ApplyResult] = []
        results.reserveCapacity(versions.count)
        for version in versions {
            let outcome: ApplyOutcome
            do {
                outcome = try apply(remote: version, admit: admit, outbox: outbox, origin: origin, context: &context, in: db)
            } catch let error as SyncError where error.code != .storageFailure && error.code != .replicaUnusable {
                outcome = .rejected(code: error.code.rawValue, message: error.message)
            }
            results.append(ApplyResult(key: version.key, outcome: outcome))
        }
        return results
    }

    private func apply(remote incoming: RecordVersion, admit: Admission?, outbox: OutboxPolicy, origin: NodeID?,
                       context: inout WriteContext, in db: Database) throws -> ApplyOutcome {
        let row = try loadRow(incoming.key, statements: context.statements, in: db)
        // The common re-apply (a retried push, a page pulled again) first: a version whose stored
        // form is byte for byte the stored state is that state, which passed every check when it
        // was stored. It is known without validating, decoding, merging or even encoding anything:
        // the stored bytes are read beside the version.
        if let row, row.scope == incoming.scope, let layout = layouts[incoming.key.collection],
           StoredState.matches(row.bytes, incoming.state, layout: layout) {
            raiseCounter(to: incoming.state.vv, context: &context)
            return .alreadyKnown
        }
        // A hub refuses text that is not NFC (its sender would keep other bytes than every other
        // replica); a node accepts it, as a hub of an earlier release may have stored it.
        let version = try schema.validated(incoming, refusingNonNFC: purpose == .relay)
        guard schema.scopes.isVisible(version.scope, to: context.scopeSet) else {
            throw SyncError(.scopeViolation, "\(version.key) is in scope '\(version.scope)', which node \(node) does not replicate")
        }
        let existing = try row.map { try decoded($0, key: version.key) }
        let step = try RemoteMerge.step(version, over: existing.map { ($0.scope, $0.state) }, admit: admit)
        raiseCounter(to: version.state.vv, context: &context)
        guard case .store(let merged, let isIncoming) = step else { return .alreadyKnown }
        let wall = wallClock.milliseconds()
        for siblings in version.state.fields.values {
            for sibling in siblings { context.clock.observe(sibling.timestamp, wall: wall) }
        }
        // Dirty (in the outbox) when this replica now holds something the sender did not send.
        let dirty = switch outbox {
        case .whenNew: (existing?.dirty ?? false) || !(isIncoming || differsBySeedOnly(merged, from: version))
        case .never: false
        case .unchanged: existing?.dirty ?? false
        }
        let conflicts = try save(RecordVersion(key: version.key, scope: version.scope, state: merged), previous: existing,
                                 dirty: dirty, origin: isIncoming ? origin : nil,
                                 context: &context, in: db)
        return conflicts.isEmpty ? .applied : .conflict(fields: conflicts)
    }

    /// A version carrying this node's own dots above its counter means this replica was restored
    /// from an older copy: never issue those counters again.
    private func raiseCounter(to vv: VersionVector, context: inout WriteContext) {
        let seen = vv[context.node]
        if seen > context.counter { context.counter = seen }
    }
}

/// One batch of remote versions among several applied in one transaction
/// (`Replica.apply(batches:outbox:inTransaction:)`): a push, with its sender's write rules.
@_spi(Storage)
public struct ApplyBatch: Sendable {
    public let versions: [RecordVersion]
    public let admit: Replica.Admission?
    /// The node that sent the batch (see `Replica.apply`).
    public let origin: NodeID?

    public init(versions: [RecordVersion], admit: Replica.Admission?, origin: NodeID?) {
        self.versions = versions
        self.admit = admit
        self.origin = origin
    }
}
