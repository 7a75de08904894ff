import Foundation
import SyncCore

/// What one sync did.
public struct SyncReport: Sendable {
    /// Versions sent to the hub and the hub's answer for each.
    public internal(set) var pushed: [ApplyResult] = []
    /// Versions received from the hub and what this replica did with each.
    public internal(set) var pulled: [ApplyResult] = []
    /// Conflicts open in this replica after the sync.
    public internal(set) var openConflicts = 0
    /// The hub sequence this replica has pulled up to.
    public internal(set) var cursor: Int64 = 0

    /// Pushed versions the hub refused.
    public var rejected: [ApplyResult] { pushed.filter { if case .rejected = $0.outcome { true } else { false } } }
    /// Pulled versions that merged into a conflict here.
    public var mergedWithConflict: [ApplyResult] { pulled.filter { if case .conflict = $0.outcome { true } else { false } } }
    /// Pulled versions that changed this replica.
    public var pulledChanges: Int { pulled.filter { $0.outcome != .alreadyKnown }.count }
}

/// Progress of a sync, for progress bars and logs.
public enum SyncProgress: Sendable {
    case pushed(done: Int, remaining: Int)
    case pulled(done: Int, cursor: Int64, hubSeq: Int64)
}

/// Syncs one replica with a hub: handshake, push the outbox, then pull to the end. Each pulled
/// page is applied together with its cursor in one transaction, so a sync stopped at any point
/// resumes where it was and never applies a page twice in a way that matters.
public struct SyncSession: Sendable {
    public let replica: Replica
    public let transport: any SyncTransport
    /// Versions per push request and per pull page.
    public var batchSize = 500

    public init(replica: Replica, transport: any SyncTransport) {
        self.replica = replica
        self.transport = transport
    }

    /// Opens the session for a replica configured with `tdsync init --hub … --token …`.
    public init(replica: Replica) throws {
        let state = try replica.syncState()
        guard let hub = state.hubURL, let token = state.token, let url = URL(string: hub) else {
            throw SyncError(.notConfigured, "\(replica.path) has no hub; set one with `tdsync connect --db FILE --hub URL --token TOKEN`")
        }
        self.init(replica: replica, transport: HTTPTransport(baseURL: url, token: token))
    }

    /// Handshake, push the outbox, pull to the end.
    public func sync(progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> SyncReport {
        do {
            let hello = try await handshake()
            var report = SyncReport()
            report.pushed = try await pushOutbox(progress: progress)
            report.pulled = try await pullToEnd(wait: 0, hubSeq: hello.hubSeq, progress: progress)
            report.openConflicts = try replica.conflicts().count
            report.cursor = try replica.syncState().pullCursor
            try replica.recordSyncAttempt(error: nil)
            return report
        } catch let error as SyncError {
            try? replica.recordSyncAttempt(error: "\(error.code.rawValue): \(error.message)")
            throw error
        }
    }

    /// Checks versions and registration, and raises the counter above anything the hub has seen
    /// from this node (a restored or reinstalled node never reuses a dot).
    @discardableResult
    public func handshake() async throws -> HelloResponse {
        let hello = try await transport.hello(HelloRequest(node: replica.node.rawValue))
        guard hello.role == replica.role else {
            throw SyncError(.forbidden, "this replica is a \(replica.role.rawValue) node but the hub registered \(replica.node) as \(hello.role.rawValue)")
        }
        try replica.raiseCounter(atLeast: hello.highestCounter)
        // A hub restored from a backup announces a new epoch (`tdsync hub restore`); a hub behind
        // our cursor was restored without one (its log never shrinks). Either way, give it back
        // what this node may write and pull again from the start.
        let known = try replica.knownHubEpoch()
        let newEpoch = hello.hubEpoch.map { known != nil && known != $0 } ?? false
        let cursor = try replica.syncState().pullCursor
        if newEpoch || hello.hubSeq < cursor {
            try replica.resetForRestoredHub()
        }
        if let epoch = hello.hubEpoch { try replica.rememberHubEpoch(epoch) }
        return hello
    }

    /// Pushes the outbox in batches until it is empty; returns every result.
    public func pushOutbox(progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> [ApplyResult] {
        var all: [ApplyResult] = []
        var remaining = try replica.syncState().outboxSize
        var walked: Int64 = 0
        while true {
            // One walk through the outbox in change order: refused entries stay in it for the
            // next sync without blocking the ones behind them.
            let entries = try replica.outbox(after: walked, limit: batchSize)
            guard let last = entries.last else { break }
            walked = last.seq
            let response = try await transport.push(entries.map(\.version))
            guard response.results.count == entries.count else {
                throw SyncError(.badRequest, "the hub answered \(response.results.count) results for \(entries.count) versions")
            }
            try replica.acknowledge(entries, results: response.results)
            all += response.results
            remaining = max(0, remaining - entries.count)
            progress?(.pushed(done: all.count, remaining: remaining))
        }
        return all
    }

    /// Pulls pages until the hub has nothing more; with `wait` > 0 the first request long-polls.
    public func pullToEnd(wait: Int, hubSeq: Int64 = 0, progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> [ApplyResult] {
        var all: [ApplyResult] = []
        var cursor = try replica.syncState().pullCursor
        var firstWait = wait
        while true {
            let page = try await transport.pull(after: cursor, limit: batchSize, wait: firstWait)
            firstWait = 0
            all += try replica.applyPulled(page.versions, cursor: page.lastSeq)
            cursor = page.lastSeq
            progress?(.pulled(done: all.count, cursor: cursor, hubSeq: max(hubSeq, cursor)))
            if !page.hasMore { break }
        }
        return all
    }
}
