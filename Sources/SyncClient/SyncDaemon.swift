import Logging
import SyncCore

/// Keeps a replica in sync until its task is cancelled: one loop pushes the outbox as soon as
/// local writes land in it, another long-polls the hub and applies what arrives. While the hub
/// is unreachable both loops back off exponentially with jitter; after every failure they
/// handshake again before syncing (the hub may have been restored).
public struct SyncDaemon: Sendable {
    public let session: SyncSession
    public let logger: Logger
    /// Seconds a pull waits at the hub for a change.
    public var pollWait = 25
    /// How often the replica is checked for local writes (one single-row read; writes may come
    /// from other processes, such as the CLI, so the daemon looks rather than waits for a signal).
    /// It bounds how long a write waits before its push starts.
    public var outboxCheckInterval: Duration = .milliseconds(20)
    /// Delays between attempts while the hub fails.
    public var backoff = Backoff()

    public init(session: SyncSession, logger: Logger) {
        self.session = session
        self.logger = logger
    }

    /// Runs both loops until the surrounding task is cancelled.
    public func run() async {
        logger.info("daemon started", metadata: ["node": "\(session.replica.node)", "db": "\(session.replica.path)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await pushLoop() }
            group.addTask { await pullLoop() }
        }
        logger.info("daemon stopped")
    }

    private func pushLoop() async {
        var backoff = self.backoff
        var needsHandshake = true
        var pushedAtSeq: Int64 = -1
        var lastAttempt = ContinuousClock.now
        while !Task.isCancelled {
            do {
                // Push when the replica changed since the last push, or once a minute while
                // refused entries wait in the outbox (their cause may have passed).
                let seq = try await session.replica.nodeState().lastSeq
                let due = seq != pushedAtSeq || ContinuousClock.now - lastAttempt > .seconds(60)
                if due, try session.replica.syncState().outboxSize > 0 {
                    lastAttempt = ContinuousClock.now
                    if needsHandshake { try await session.handshake(); needsHandshake = false }
                    var report = SyncReport()
                    try await session.pushOutbox(into: &report)
                    logger.info("pushed", metadata: ["versions": "\(report.pushed.total)", "rejected": "\(report.pushed.rejected)"])
                    backoff.reset()
                }
                pushedAtSeq = seq
                try await Task.sleep(for: outboxCheckInterval)
            } catch is CancellationError {
                return
            } catch {
                needsHandshake = true
                if !(await pause(after: error, backoff: &backoff, loop: "push")) { return }
            }
        }
    }

    private func pullLoop() async {
        var backoff = self.backoff
        var needsHandshake = true
        while !Task.isCancelled {
            do {
                if needsHandshake { try await session.handshake(); needsHandshake = false }
                var report = SyncReport()
                try await session.pullToEnd(wait: pollWait, into: &report)
                if report.pulledChanges > 0 {
                    logger.info("pulled", metadata: ["versions": "\(report.pulled.total)", "changed": "\(report.pulledChanges)",
                                                     "cursor": "\((try? session.replica.syncState().pullCursor) ?? 0)"])
                }
                try? session.replica.recordSyncAttempt(error: nil)
                backoff.reset()
            } catch is CancellationError {
                return
            } catch {
                needsHandshake = true
                if !(await pause(after: error, backoff: &backoff, loop: "pull")) { return }
            }
        }
    }

    /// Logs a failure and sleeps the next backoff delay; false when cancelled meanwhile.
    private func pause(after error: any Error, backoff: inout Backoff, loop: String) async -> Bool {
        if Task.isCancelled { return false }
        // A hub that said when to come back (rate_limited) is not asked sooner.
        let delay = max(backoff.next(), (error as? SyncError)?.retryAfter ?? .zero)
        let reason = (error as? SyncError).map { "\($0.code.rawValue): \($0.message)" } ?? "\(error)"
        try? session.replica.recordSyncAttempt(error: reason)
        logger.warning("sync failed; retrying", metadata: ["loop": "\(loop)", "in": "\(delay)", "error": "\(reason)"])
        do { try await Task.sleep(for: delay) } catch { return false }
        return true
    }
}
