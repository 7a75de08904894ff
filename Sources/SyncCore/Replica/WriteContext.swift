import GRDB

/// The node's counters, loaded at the start of a write transaction and stored before it commits.
struct WriteContext {
    let node: NodeID
    let role: Role
    let scopes: [String]
    /// `scopes` as a set, built once per transaction for the per-version checks.
    let scopeSet: Set<String>
    var counter: UInt64
    var clock: HybridLogicalClock
    var lastSeq: Int64
    /// The search entries this transaction's writes set, written by `store`.
    var search = SearchWrites()
    /// The transaction's per-record statements, each found by its slot.
    let statements = WriteStatements()

    static func load(_ db: Database) throws -> WriteContext {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM _node WHERE id = 1")) else {
            throw SyncError(.replicaUnusable, "the replica has no node identity")
        }
        // Throwing reads: a damaged file (a column renamed by a flipped byte, a wrong type) is an
        // error, never a crash.
        do {
            guard let role = Role(rawValue: try row.decode(String.self, forColumn: "role")) else {
                throw SyncError(.replicaUnusable, "the replica's node has an unknown role")
            }
            let scopes = try row.decode(String.self, forColumn: "scopes").split(separator: " ").map(String.init)
            var context = WriteContext(
                node: NodeID(unchecked: try row.decode(String.self, forColumn: "node_id")), role: role,
                scopes: scopes, scopeSet: Set(scopes),
                counter: UInt64(max(0, try row.decode(Int64.self, forColumn: "counter"))),
                clock: HybridLogicalClock(last: HLCTimestamp(physical: try row.decode(Int64.self, forColumn: "hlc_physical"),
                                                             logical: UInt32(truncatingIfNeeded: try row.decode(Int64.self, forColumn: "hlc_logical")))),
                lastSeq: try row.decode(Int64.self, forColumn: "last_seq"))
            context.loaded = (context.counter, context.clock.last, context.lastSeq)
            return context
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(.replicaUnusable, "the replica's node table is damaged (\(error)); run `tdsync check`", underlying: error)
        }
    }

    /// What a write changes in the context, to put back when the write is rolled back to its
    /// savepoint. It holds no reference to the search entries, so taking it copies nothing.
    struct Snapshot {
        fileprivate let counter: UInt64
        fileprivate let clock: HybridLogicalClock
        fileprivate let lastSeq: Int64
        fileprivate let searchMark: Int
    }

    var snapshot: Snapshot { Snapshot(counter: counter, clock: clock, lastSeq: lastSeq, searchMark: search.mark) }

    mutating func restore(_ snapshot: Snapshot) {
        counter = snapshot.counter
        clock = snapshot.clock
        lastSeq = snapshot.lastSeq
        search.rollBack(to: snapshot.searchMark)
    }

    /// The counters as loaded, so that `store` writes only what changed.
    private(set) var loaded: (counter: UInt64, clock: HLCTimestamp, lastSeq: Int64)?

    /// Writes the transaction's search entries, then the counters, unless nothing changed (a
    /// batch that was all already known then writes nothing, and its commit costs no fsync).
    func store(_ db: Database) throws {
        try search.write(statements: statements, in: db)
        if let loaded, loaded.counter == counter, loaded.clock == clock.last, loaded.lastSeq == lastSeq { return }
        try db.cachedStatement(sql: "UPDATE _node SET counter = ?, hlc_physical = ?, hlc_logical = ?, last_seq = ? WHERE id = 1")
            .execute(arguments: [Int64(counter), clock.last.physical, Int64(clock.last.logical), lastSeq])
    }

    /// Issues the next dot for a local write. Never at or below one issued before.
    mutating func nextDot() throws -> Dot {
        guard counter < UInt64(Int64.max) else {
            throw SyncError(.counterExhausted, "node \(node) has used every counter value")
        }
        counter += 1
        return Dot(node: node, counter: counter)
    }

    /// The next change-log sequence.
    mutating func nextSeq() -> Int64 {
        lastSeq += 1
        return lastSeq
    }

    var nodeState: NodeState {
        NodeState(node: node, role: role, scopes: scopes, counter: counter, clock: clock.last, lastSeq: lastSeq)
    }
}
