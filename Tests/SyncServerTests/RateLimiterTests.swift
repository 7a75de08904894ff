import Testing
@testable import SyncCore
@testable import SyncServer

/// The per-node token bucket, on a clock the test moves by hand.
@Suite struct RateLimiterTests {
    static let hn = NodeID(unchecked: "hn-office"), dn = NodeID(unchecked: "dn-office")

    static func waits(_ limiter: RateLimiter, _ node: NodeID, at now: ContinuousClock.Instant) -> Duration? {
        do { try limiter.admit(node, now: now); return nil } catch let error as SyncError {
            #expect(error.code == .rateLimited && error.message.contains("\(node)"))
            return error.retryAfter
        } catch { Issue.record("\(error)"); return nil }
    }

    @Test func aBurstThenTheRateAndTheWaitToRetry() {
        let limiter = RateLimiter(HubLimits(requestsPerSecond: 2, burst: 3))
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(Self.waits(limiter, Self.hn, at: start) == nil) }
        #expect(Self.waits(limiter, Self.hn, at: start) == .seconds(1), "empty: the next token comes in half a second, said as 1 s")
        #expect(Self.waits(limiter, Self.dn, at: start) == nil, "each node has its own bucket")
        #expect(Self.waits(limiter, Self.hn, at: start + .milliseconds(500)) == nil, "2 a second: one token back after 0.5 s")
        #expect(Self.waits(limiter, Self.hn, at: start + .milliseconds(500)) != nil)
        let later = start + .seconds(60)
        for _ in 0..<3 { #expect(Self.waits(limiter, Self.hn, at: later) == nil) }
        #expect(Self.waits(limiter, Self.hn, at: later) != nil, "a quiet spell refills the bucket up to the burst, no more")
    }

    @Test func aSlowRateSaysHowLongToWait() {
        let limiter = RateLimiter(HubLimits(requestsPerSecond: 0.1, burst: 1))
        let start = ContinuousClock.now
        #expect(Self.waits(limiter, Self.hn, at: start) == nil)
        #expect(Self.waits(limiter, Self.hn, at: start) == .seconds(10))
        #expect(Self.waits(limiter, Self.hn, at: start + .seconds(4)) == .seconds(6))
    }

    @Test func noBudgetMeansNoLimit() {
        let limiter = RateLimiter(.unlimited)
        let start = ContinuousClock.now
        for _ in 0..<10_000 { #expect(Self.waits(limiter, Self.hn, at: start) == nil) }
    }
}
