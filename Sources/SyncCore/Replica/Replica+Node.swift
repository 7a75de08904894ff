import GRDB

extension Replica {
    /// The node's identity, counter, clock and last sequence, as stored.
    public func nodeState() throws -> NodeState {
        try storage { try pool.read { db in try WriteContext.load(db).nodeState } }
    }

    /// `nodeState()`, read on GRDB's threads rather than the caller's.
    public func nodeState() async throws -> NodeState {
        try await storage { try await pool.read { db in try WriteContext.load(db).nodeState } }
    }

    /// Raises the node's counter to at least `counter` (the hub reports the highest counter it
    /// has seen from this node at handshake), so a restored replica never reuses a dot.
    @discardableResult
    public func raiseCounter(atLeast counter: UInt64) throws -> Bool {
        try storage {
            try pool.write { db in
                var ctx = try WriteContext.load(db)
                guard ctx.counter < counter else { return false }
                ctx.counter = counter
                try ctx.store(db)
                return true
            }
        }
    }

    /// Replaces the scopes of a province or reader node (the hub moved it: an office after a
    /// merger of provinces); `restartingPull` sets the pull cursor back to 0, so the records of
    /// scopes the replica did not hold arrive. `SyncClient`'s handshake decides both.
    public func setScopes(_ scopes: [String], restartingPull: Bool) throws {
        guard role == .province || role == .reader else {
            throw SyncError(.invalidScope, "node \(node) is a \(role.rawValue) node: it holds every scope")
        }
        let wanted = Array(Set(scopes)).sorted()
        guard !wanted.isEmpty else { throw SyncError(.invalidScope, "a \(role.rawValue) node needs at least one scope") }
        for scope in wanted { try schema.scopes.validate(scope) }
        try storage {
            try pool.write { db in
                try db.execute(sql: "UPDATE _node SET scopes = ? WHERE id = 1", arguments: [wanted.joined(separator: " ")])
                if restartingPull { try db.execute(sql: "UPDATE _sync SET pull_cursor = 0 WHERE id = 1") }
            }
        }
    }
}
