import SyncCore

/// The handshake's decisions, as a pure function: what a replica knows and what the hub answered
/// to hello go in, the steps the session must carry out come out. No I/O happens here, so every
/// case (a restored node, a restored hub, moved scopes) is tested by feeding it values.
public enum Handshake {
    /// What the replica knows before the hello.
    public struct Local: Sendable, Equatable {
        public var node: NodeID
        public var role: Role
        /// The highest counter this node has issued.
        public var counter: UInt64
        /// The hub epoch seen at the last handshake (nil before the first).
        public var knownEpoch: String?
        /// The hub sequence this replica has pulled up to.
        public var pullCursor: Int64
        /// The scopes this replica holds.
        public var scopes: [String]

        public init(node: NodeID, role: Role, counter: UInt64, knownEpoch: String?, pullCursor: Int64, scopes: [String]) {
            self.node = node
            self.role = role
            self.counter = counter
            self.knownEpoch = knownEpoch
            self.pullCursor = pullCursor
            self.scopes = scopes
        }
    }

    /// A step the session carries out, in the order given.
    public enum Action: Sendable, Equatable {
        /// The hub saw counters of this node above its own: the replica was restored from an older
        /// copy. Continue above `counter`, so no dot is ever used twice.
        case raiseCounter(to: UInt64)
        /// The restored node may have lost writes only the hub holds: pull from the start, its own
        /// pushes included, up to hub sequence `upTo`.
        case pullOwnWritesBack(upTo: Int64)
        /// The hub was restored from a backup (a new epoch, or a log shorter than the cursor): give
        /// it back everything this node may write, and pull from the start.
        case resendForRestoredHub
        /// Remember the hub's epoch for the next handshake.
        case rememberEpoch(String)
        /// The hub registers the node with other scopes now (an office moved after a merger of
        /// provinces): take them; `restartPull` when they cover a scope the replica did not hold,
        /// so that scope's records arrive.
        case adoptScopes([String], restartPull: Bool)
    }

    /// The steps for `hello` given `local`, or an error when the replica cannot sync with this
    /// hub at all: registered with another role (`forbidden`), or given scopes the schema does not
    /// know (`invalid_scope`).
    public static func actions(for hello: HelloResponse, local: Local, scopes rules: ScopeRules) throws -> [Action] {
        guard hello.role == local.role else {
            throw SyncError(.forbidden, "this replica is a \(local.role.rawValue) node but the hub registered \(local.node) as \(hello.role.rawValue)")
        }
        var actions: [Action] = []
        var cursor = local.pullCursor
        if hello.highestCounter > local.counter {
            actions += [.raiseCounter(to: hello.highestCounter), .pullOwnWritesBack(upTo: hello.hubSeq)]
            cursor = 0
        }
        let newEpoch = hello.hubEpoch.map { local.knownEpoch != nil && local.knownEpoch != $0 } ?? false
        if newEpoch || hello.hubSeq < cursor { actions.append(.resendForRestoredHub) }
        if let epoch = hello.hubEpoch, epoch != local.knownEpoch { actions.append(.rememberEpoch(epoch)) }
        if local.role == .province || local.role == .reader {
            let wanted = Array(Set(hello.scopes)).sorted()
            if !wanted.isEmpty && Set(wanted) != Set(local.scopes) {
                for scope in wanted { try rules.validate(scope) }
                let gained = !rules.covering(Set(wanted)).isSubset(of: rules.covering(Set(local.scopes)))
                actions.append(.adoptScopes(wanted, restartPull: gained))
            }
        }
        return actions
    }
}

extension Replica {
    /// What the handshake needs to know of this replica.
    public func handshakeState() throws -> Handshake.Local {
        let node = try nodeState(), sync = try syncState()
        return Handshake.Local(node: node.node, role: node.role, counter: node.counter, knownEpoch: try knownHubEpoch(),
                               pullCursor: sync.pullCursor, scopes: node.scopes)
    }

    /// Carries out the handshake's steps, in order.
    public func carryOut(_ actions: [Handshake.Action]) throws {
        for action in actions {
            switch action {
            case .raiseCounter(let counter): try raiseCounter(atLeast: counter)
            case .pullOwnWritesBack(let hubSeq): try requestEchoPull(upTo: hubSeq)
            case .resendForRestoredHub: try resetForRestoredHub()
            case .rememberEpoch(let epoch): try rememberHubEpoch(epoch)
            case .adoptScopes(let scopes, let restartPull): try setScopes(scopes, restartingPull: restartPull)
            }
        }
    }
}
