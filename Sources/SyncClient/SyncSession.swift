import Foundation
import SyncCore

/// How many versions ended in each outcome.
public struct OutcomeCounts: Sendable, Equatable {
    public internal(set) var applied = 0
    public internal(set) var alreadyKnown = 0
    public internal(set) var conflict = 0
    public internal(set) var rejected = 0
    /// Every version counted.
    public var total: Int { applied + alreadyKnown + conflict + rejected }
    /// Versions that changed the receiving replica.
    public var changed: Int { applied + conflict }

    public init() {}

    mutating func count(_ outcome: ApplyOutcome) {
        switch outcome {
        case .applied: applied += 1
        case .alreadyKnown: alreadyKnown += 1
        case .conflict: conflict += 1
        case .rejected: rejected += 1
        }
    }
}

/// What one sync did: counts per outcome, and the results worth showing a person (refusals and
/// merges into a conflict). A sync of a million records keeps counts, not a million results.
public struct SyncReport: Sendable {
    /// How many results `mergedWithConflict` keeps; the counts go on past it.
    public static let keptConflicts = 1_000
    /// Versions sent to the hub, by the hub's answer.
    public internal(set) var pushed = OutcomeCounts()
    /// Versions received from the hub, by what this replica did with each.
    public internal(set) var pulled = OutcomeCounts()
    /// Pushed versions the hub refused, each with its code and message.
    public internal(set) var rejected: [ApplyResult] = []
    /// Pulled versions that merged into a conflict here (the first `keptConflicts`).
    public internal(set) var mergedWithConflict: [ApplyResult] = []
    /// Conflicts open in this replica after the sync.
    public internal(set) var openConflicts = 0
    /// The hub sequence this replica has pulled up to.
    public internal(set) var cursor: Int64 = 0

    public init() {}

    /// Pulled versions that changed this replica.
    public var pulledChanges: Int { pulled.changed }

    mutating func addPushed(_ results: [ApplyResult]) {
        for result in results {
            pushed.count(result.outcome)
            if case .rejected = result.outcome { rejected.append(result) }
        }
    }

    mutating func addPulled(_ results: [ApplyResult]) {
        for result in results {
            pulled.count(result.outcome)
            if case .conflict = result.outcome, mergedWithConflict.count < Self.keptConflicts { mergedWithConflict.append(result) }
        }
    }
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
    public var batchSize = 1_000

    public init(replica: Replica, transport: any SyncTransport) {
        self.replica = replica
        self.transport = transport
    }

    /// Opens the session for a replica configured with `tdsync init --hub … --token …`;
    /// `compression` says when bodies travel gzip-encoded (default: unless the hub is on loopback);
    /// `caFile` names CA certificates (PEM) to trust for an `https` hub besides the system's
    /// (default: `TDSYNC_CA_FILE`).
    public init(replica: Replica, compression: HTTPTransport.Compression = .automatic,
                caFile: String? = HTTPTransport.caFileFromEnvironment) throws {
        let state = try replica.syncState()
        guard let hub = state.hubURL, let token = state.token, let url = URL(string: hub) else {
            throw SyncError(.notConfigured, "\(replica.path) has no hub; set one with `tdsync connect --db FILE --hub URL --token TOKEN`")
        }
        self.init(replica: replica, transport: HTTPTransport(baseURL: url, token: token, compression: compression,
                                                             client: try HTTPTransport.client(trusting: caFile)))
    }

    /// Handshake, push the outbox, pull to the end.
    public func sync(progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws -> SyncReport {
        do {
            let hello = try await handshake()
            var report = SyncReport()
            try await pushOutbox(into: &report, progress: progress)
            try await pullToEnd(wait: 0, hubSeq: hello.hubSeq, into: &report, progress: progress)
            report.openConflicts = try replica.conflicts().count
            report.cursor = try replica.syncState().pullCursor
            try replica.recordSyncAttempt(error: nil)
            return report
        } catch let error as SyncError {
            try? replica.recordSyncAttempt(error: "\(error.code.rawValue): \(error.message)")
            throw error
        }
    }

    /// Checks versions and registration, then carries out what `Handshake` decides: a restored
    /// node continues above every counter the hub has seen from it (it never reuses a dot) and
    /// pulls its own writes back; a restored hub gets back what this node may write; moved
    /// scopes are taken.
    @discardableResult
    public func handshake() async throws -> HelloResponse {
        let hello = try await transport.hello(HelloRequest(node: replica.node.rawValue, schemaVersion: replica.schema.version))
        try replica.carryOut(try Handshake.actions(for: hello, local: try replica.handshakeState(), scopes: replica.schema.scopes))
        return hello
    }

    /// Pushes the outbox in batches until it is empty, adding the hub's answers to `report`.
    /// Two batches are in flight: the next is read and sent while the hub applies the previous,
    /// so this node's work overlaps the hub's. Each batch is acknowledged from its own answer.
    public func pushOutbox(into report: inout SyncReport, progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws {
        var done = 0
        var remaining = try replica.syncState().outboxSize
        var walked: Int64 = 0
        var pending: (entries: EncodedVersions, answer: Task<PushResponse, any Error>)?
        defer { pending?.answer.cancel() }
        while true {
            // One walk through the outbox in change order: refused entries stay in it for the
            // next sync without blocking the ones behind them.
            let entries = try replica.encodedOutbox(after: walked, limit: batchSize)
            let next = entries.seqs.last.map { last in
                walked = last
                return (entries, Task { [transport] in try await transport.push(entries) })
            }
            let previous = pending
            pending = next   // cancelled by the defer if taking the previous answer fails
            if let (sent, answer) = previous {
                try take(try await answer.value, for: sent, into: &report)
                done += sent.count
                remaining = max(0, remaining - sent.count)
                progress?(.pushed(done: done, remaining: remaining))
            }
            if next == nil { break }
        }
    }

    private func take(_ response: PushResponse, for entries: EncodedVersions, into report: inout SyncReport) throws {
        guard response.results.count == entries.count else {
            throw SyncError(.badRequest, "the hub answered \(response.results.count) results for \(entries.count) versions")
        }
        try replica.acknowledge(entries, results: response.results)
        report.addPushed(response.results)
    }

    /// Pulls pages until the hub has nothing more, adding what each version did to `report`;
    /// with `wait` > 0 the first request long-polls.
    public func pullToEnd(wait: Int, hubSeq: Int64 = 0, into report: inout SyncReport,
                          progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws {
        var done = 0
        let state = try replica.syncState()
        var cursor = state.pullCursor
        var page = try await transport.pull(after: cursor, limit: batchSize, wait: wait, includeOwn: cursor < state.echoUntil)
        while true {
            // Ask for the next page before applying this one, so the hub serves it meanwhile.
            let next = page.hasMore ? Task { [transport, batchSize, page] in
                try await transport.pull(after: page.lastSeq, limit: batchSize, wait: 0, includeOwn: page.lastSeq < state.echoUntil)
            } : nil
            defer { next?.cancel() }
            report.addPulled(try replica.applyPulled(page.versions, cursor: page.lastSeq))
            done += page.versions.count
            cursor = page.lastSeq
            progress?(.pulled(done: done, cursor: cursor, hubSeq: max(hubSeq, cursor)))
            guard let next else { break }
            page = try await next.value
        }
    }
}
