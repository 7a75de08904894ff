/// Exponential backoff with jitter: each failure doubles the delay up to `maximum`, and the delay
/// actually slept is a random fraction (50–100 %) of it, so many nodes do not retry in step.
public struct Backoff: Sendable {
    public let initial: Duration
    public let maximum: Duration
    private var attempt = 0

    public init(initial: Duration = .milliseconds(500), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay to sleep after one more failure.
    public mutating func next() -> Duration {
        let factor = 1 << min(attempt, 20)
        attempt += 1
        let capped = min(initial * factor, maximum)
        return capped * Double.random(in: 0.5...1.0)
    }

    /// Back to the initial delay after a success.
    public mutating func reset() { attempt = 0 }
}
