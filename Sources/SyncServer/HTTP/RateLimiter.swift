import Foundation
import Synchronization
import SyncCore

/// The hub's per-node request budget and its connection limits.
public struct HubLimits: Sendable {
    /// Requests a node may make per second, on average; nil turns rate limiting off.
    public var requestsPerSecond: Double?
    /// Requests a node may make at once after a quiet spell (the bucket's size).
    public var burst: Int
    /// A connection idle this long is closed (longer than the longest long-poll).
    public var idleTimeout: Duration

    public init(requestsPerSecond: Double? = 100, burst: Int = 400, idleTimeout: Duration = .seconds(ProtocolInfo.maxWaitSeconds + 30)) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.idleTimeout = idleTimeout
    }

    /// No request budget (for embedded hubs in the benchmark and tests that hammer one hub).
    public static let unlimited = HubLimits(requestsPerSecond: nil)
}

/// A token bucket per node: each request takes one token; tokens come back at
/// `requestsPerSecond` up to `burst`. A node with an empty bucket gets `rate_limited` and the
/// time until its next token, which the hub sends as `Retry-After`.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var updated: ContinuousClock.Instant }
    private let rate: Double?
    private let burst: Double
    private let buckets = Mutex<[NodeID: Bucket]>([:])

    init(_ limits: HubLimits) {
        rate = limits.requestsPerSecond.flatMap { $0 > 0 ? $0 : nil }
        burst = Double(max(1, limits.burst))
    }

    /// Takes a token for `node`, or throws `rate_limited` saying how long to wait.
    func admit(_ node: NodeID, now: ContinuousClock.Instant = .now) throws {
        guard let rate else { return }
        let wait: Double? = buckets.withLock { buckets in
            var bucket = buckets[node] ?? Bucket(tokens: burst, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * rate)
            bucket.updated = now
            defer { buckets[node] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / rate }
            bucket.tokens -= 1
            return nil
        }
        if let wait {
            let retryAfter = max(1, Int(wait.rounded(.up)))
            throw SyncError(.rateLimited, "node \(node) is over its budget of \(Self.format(rate)) requests a second (burst \(Int(burst))); retry in \(retryAfter) s",
                            retryAfter: .seconds(retryAfter))
        }
    }

    private static func format(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(format: "%.1f", rate)
    }
}
