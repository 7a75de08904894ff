import GRDB

extension Replica {
    /// Makes one local write in its own transaction and returns the record's new version.
    @discardableResult
    public func write(_ write: LocalWrite) throws -> RecordVersion {
        try self.write([write])[0]
    }

    /// Makes local writes in one transaction: each gets a new dot (counter bumped, fields stamped
    /// with the hybrid clock and this node's role), and all commit or none does.
    @discardableResult
    public func write(_ writes: [LocalWrite]) throws -> [RecordVersion] {
        try storage {
            try pool.write { db in
                var context = try WriteContext.load(db)
                var out: [RecordVersion] = []
                out.reserveCapacity(writes.count)
                for (index, write) in writes.enumerated() {
                    do {
                        out.append(try apply(local: write, context: &context, in: db))
                    } catch let error as SyncError where writes.count > 1 {
                        throw SyncError(error.code, "write \(index + 1) of \(writes.count) (\(write.key)): \(error.message)")
                    }
                }
                try context.store(db)
                return out
            }
        }
    }

    /// Tries local writes one by one in one transaction, each in a savepoint of its own: a write
    /// that fails leaves no trace (its dot is not used) and the next goes on. Once all are tried,
    /// `commit` sees every outcome, in batch order, and decides: true commits the writes that
    /// succeeded, false rolls back everything. So the replica ends with all the successful writes
    /// or none of them, never part of a batch. Each write takes exactly the path of `write(_:)`.
    /// Errors other than `SyncError` (storage) roll back the whole batch and are thrown.
    public func tryWrites(_ writes: [LocalWrite],
                          commit: ([Result<RecordVersion, SyncError>]) -> Bool) throws -> BatchWriteResult {
        try storage {
            try pool.writeWithoutTransaction { db in
                var outcomes: [Result<RecordVersion, SyncError>] = []
                var committed = false
                try db.inTransaction(.immediate) {
                    var context = try WriteContext.load(db)
                    outcomes.reserveCapacity(writes.count)
                    for write in writes {
                        let before = context.snapshot
                        var version: RecordVersion?
                        do {
                            try db.inSavepoint {
                                version = try apply(local: write, context: &context, in: db)
                                return .commit
                            }
                        } catch let error as SyncError {
                            context.restore(before)
                            outcomes.append(.failure(error))
                            continue
                        }
                        if let version { outcomes.append(.success(version)) }
                    }
                    guard commit(outcomes) else { return .rollback }
                    try context.store(db)
                    committed = true
                    return .commit
                }
                return BatchWriteResult(outcomes: outcomes, committed: committed)
            }
        }
    }

    /// Resolves an open conflict on `field` by writing `value`: an ordinary write whose dot
    /// supersedes every sibling once it has spread. Fails with `no_conflict` if none is open.
    /// Resolving `_deleted` takes `true` (keep it deleted) or `false` (keep it alive); resolving
    /// another field re-asserts the record's current deletion state.
    @discardableResult
    public func resolve(_ key: RecordKey, field: String, with value: FieldValue) throws -> RecordVersion {
        try storage {
            try pool.write { db in
                var context = try WriteContext.load(db)
                let spec = try schema.requireCollection(key.collection)
                guard let stored = try load(key, statements: context.statements, in: db) else {
                    throw SyncError(.notFound, "there is no record \(key)")
                }
                let scope = stored.scope, state = stored.state
                guard let siblings = state.fields[field], RecordState.isConflict(siblings) else {
                    throw SyncError(.noConflict, "\(key) has no open conflict on '\(field)'; use an ordinary edit")
                }
                try checkScope(scope, context: context)
                let version: RecordVersion
                if field == RecordState.deletedField {
                    guard case .bool(let deleted) = value else {
                        throw SyncError(.wrongType, "'_deleted' resolves to true (deleted) or false (alive)")
                    }
                    version = try stamp(key: key, scope: scope, previous: state, values: [:], deleted: deleted, context: &context)
                } else {
                    version = try stamp(key: key, scope: scope, previous: state, values: [field: value],
                                        deleted: state.isDeleted, context: &context)
                }
                if !version.state.isDeleted { try checkRecordRules(version, spec: spec, in: db) }
                try save(version, previous: stored, dirty: true, context: &context, in: db)
                try context.store(db)
                return version
            }
        }
    }

    private func apply(local write: LocalWrite, context: inout WriteContext, in db: Database) throws -> RecordVersion {
        let spec = try schema.requireCollection(write.key.collection)
        try RecordID.validate(write.key.id)
        let existing = try load(write.key, statements: context.statements, in: db)
        let scope: String
        switch write.operation {
        case .create(let newScope):
            try schema.validateScope(newScope, of: spec)
            if let existing {
                throw SyncError(.alreadyExists, existing.state.isDeleted
                    ? "\(write.key) was deleted; create the record under a new id"
                    : "\(write.key) already exists; edit it instead")
            }
            scope = newScope
        case .update, .delete:
            guard let existing, !existing.state.isDeleted else { throw SyncError(.notFound, "there is no record \(write.key)") }
            scope = existing.scope
        }
        try checkScope(scope, context: context)
        if case .delete = write.operation {
            let version = try stamp(key: write.key, scope: scope, previous: existing?.state, values: [:], deleted: true, context: &context)
            try save(version, previous: existing, dirty: true, context: &context, in: db)
            return version
        }
        if write.values[RecordState.deletedField] != nil {
            throw SyncError(.unknownField, "'_deleted' is set by delete and resolve, not by edits")
        }
        let version = try stamp(key: write.key, scope: scope, previous: existing?.state, values: write.values,
                                deleted: false, context: &context)
        try checkRecordRules(version, spec: spec, in: db)
        try save(version, previous: existing, dirty: true, context: &context, in: db)
        return version
    }

    /// Throws `scope_violation` unless this node replicates `scope`.
    func checkScope(_ scope: String, context: WriteContext) throws {
        guard schema.scopes.covers(scope, for: context.scopes) else {
            throw SyncError(.scopeViolation, "node \(node) replicates scopes \(context.scopes.joined(separator: ", ")), not '\(scope)'")
        }
    }

    /// Builds the new state of a local write: one new dot for every field it sets, plus `_deleted`,
    /// which every write re-asserts (so the role must be allowed to write it too).
    private func stamp(key: RecordKey, scope: String, previous: RecordState?, values: [String: FieldValue],
                       deleted: Bool, context: inout WriteContext) throws -> RecordVersion {
        let spec = try schema.requireCollection(key.collection)
        guard spec.deleters.contains(role) else {
            throw SyncError(.fieldNotOwned, "a \(role.rawValue) node may not write \(spec.name) records")
        }
        // Validated in name order (the first problem reported does not depend on dictionary order),
        // then set in that order after `_deleted`.
        var checked: [(name: String, value: FieldValue)] = [(RecordState.deletedField, .bool(deleted))]
        checked.reserveCapacity(values.count + 1)
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            let field = try spec.requireField(name)
            guard field.allows(role) else {
                throw SyncError(.fieldNotOwned, "a \(role.rawValue) node may not write '\(name)' of \(spec.name); it belongs to: \(field.writers.map(\.rawValue).sorted().joined(separator: ", "))")
            }
            checked.append((name, try field.validate(value)))
        }
        let dot = try context.nextDot()
        let timestamp = context.clock.tick(wall: wallClock.milliseconds())
        var state = previous ?? RecordState()
        state.vv.add(dot)
        for (name, value) in checked {
            let siblings = [Sibling(dot: dot, timestamp: timestamp, role: role, value: value)]
            // A new record's names mostly come in byte order, so each is appended without a search.
            if previous == nil { state.fields.updateValue(siblings, forKey: name) } else { state.fields[name] = siblings }
        }
        return RecordVersion(key: key, scope: scope, state: state)
    }
}
