import SyncCore

/// The hub's write rules for a version pushed by `node`, checked against the hub's stored state.
///
/// - the node may write the version's scope (a province its own scopes, the board any);
/// - every value the hub has not seen was written by this node (`foreign_dot`), with its
///   registered role (`field_not_owned`), in a field that role may write (`field_not_owned`);
/// - the vector claims no write of another node that the hub has not seen (`foreign_dot`);
/// - a value the hub holds is dropped only by a newer value in the same field (`bad_change`),
///   so a node cannot erase a field (a board decision, say) by leaving it out.
struct WriteRules {
    let node: RegisteredNode
    let schema: Schema

    /// How far past its highest stored counter a node's version may claim: a node numbers its
    /// writes one by one, so a larger jump is forged — and would let a stolen token exhaust the
    /// node's counters (the hub keeps the highest claimed, so the node never reuses one).
    static let maxCounterJump: UInt64 = 1 << 32

    /// Whether the version's own counter is one the hub will count as issued.
    func isPlausible(_ incoming: RecordVersion) -> Bool {
        incoming.state.vv[node.id] <= node.highestCounter &+ Self.maxCounterJump
    }

    /// The node's highest issued counter once `versions` are counted: rejected versions count
    /// too (the node issued those counters, so it must never reuse them), unless implausible.
    func highestIssued(in versions: [RecordVersion]) -> UInt64 {
        versions.filter(isPlausible).reduce(node.highestCounter) { max($0, $1.state.vv[node.id]) }
    }

    func admit(_ incoming: RecordVersion, over stored: RecordVersion?) throws {
        try checkScope(incoming)
        guard isPlausible(incoming) else {
            throw SyncError(.badChange, "\(incoming.key): the version claims write \(node.id):\(incoming.state.vv[node.id]), far beyond the \(node.highestCounter) writes the hub has seen from \(node.id); a node numbers its writes one by one")
        }
        let known = stored?.state.vv ?? VersionVector()
        try incoming.state.vv.forEachEntry { other, counter in
            guard other == node.id || counter <= known[other] else {
                throw SyncError(.foreignDot, "\(incoming.key): the version claims writes of node \(other) up to \(counter), but the hub has seen only \(known[other]); a node pushes only its own writes")
            }
        }
        let spec = try schema.requireCollection(incoming.key.collection)
        // Checked in any order first; only a version that fails is checked again in field-name
        // order, so the error reported does not depend on dictionary order.
        do {
            for (field, siblings) in incoming.state.fields { try checkNewWrites(siblings, field: field, of: incoming, known: known, spec: spec) }
        } catch {
            for (field, siblings) in incoming.state.fields.sorted(by: { $0.key < $1.key }) {
                try checkNewWrites(siblings, field: field, of: incoming, known: known, spec: spec)
            }
            throw error
        }
        if let stored { try checkNothingErased(incoming, stored: stored, known: known) }
    }

    /// The siblings of `field` the hub has not seen must be this node's own writes, in its role,
    /// to a field that role may write.
    private func checkNewWrites(_ siblings: [Sibling], field: String, of incoming: RecordVersion, known: VersionVector, spec: CollectionSpec) throws {
        for sibling in siblings where !known.covers(sibling.dot) {
            guard sibling.dot.node == node.id else {
                throw SyncError(.foreignDot, "\(incoming.key) field '\(field)': write \(sibling.dot) is not this node's (\(node.id)) and the hub has not seen it")
            }
            guard sibling.role == node.role else {
                throw SyncError(.fieldNotOwned, "\(incoming.key) field '\(field)': write \(sibling.dot) claims role \(sibling.role.rawValue), but node \(node.id) is registered as \(node.role.rawValue)")
            }
            guard spec.field(field)?.allows(node.role) == true else {
                throw SyncError(.fieldNotOwned, "\(incoming.key) field '\(field)' belongs to \(spec.field(field)?.writers.map(\.rawValue).sorted().joined(separator: ", ") ?? "nobody"); a \(node.role.rawValue) node may not write it")
            }
        }
    }

    private func checkScope(_ incoming: RecordVersion) throws {
        switch node.role {
        case .board: return
        case .province where incoming.scope != Scope.national && schema.scopes.covers(incoming.scope, for: node.scopes): return
        case .province:
            throw SyncError(.scopeViolation, "\(incoming.key) is in scope '\(incoming.scope)'; node \(node.id) may write only \(node.scopes.joined(separator: ", "))")
        case .reader, .admin:
            throw SyncError(.forbidden, "\(node.role == .admin ? "an" : "a") \(node.role.rawValue) node may not write records")
        }
    }

    private func checkNothingErased(_ incoming: RecordVersion, stored: RecordVersion, known: VersionVector) throws {
        for (field, mine) in stored.state.fields {
            let theirs = incoming.state.fields[field] ?? []
            let dropped = mine.contains { sibling in incoming.state.vv.covers(sibling.dot) && !theirs.contains { $0.dot == sibling.dot } }
            let writesField = theirs.contains { !known.covers($0.dot) }
            if dropped && !writesField {
                throw SyncError(.badChange, "\(incoming.key): the version drops the value of '\(field)' without writing a newer one")
            }
        }
    }
}
