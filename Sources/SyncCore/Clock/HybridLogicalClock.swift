import Foundation

/// A hybrid logical clock reading: wall-clock milliseconds plus a logical counter for ties.
///
/// Readings only order concurrent siblings for display (the winner); causality comes from
/// version vectors, so a wrong wall clock can change which value is shown, never what is kept.
public struct HLCTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let physical: Int64
    /// Tie-breaker among readings with the same `physical` value.
    public let logical: UInt32

    /// Makes a reading.
    public init(physical: Int64, logical: UInt32) {
        self.physical = physical
        self.logical = logical
    }

    /// The zero reading, earlier than every real one.
    public static let zero = HLCTimestamp(physical: 0, logical: 0)

    public static func < (a: HLCTimestamp, b: HLCTimestamp) -> Bool {
        (a.physical, a.logical) < (b.physical, b.logical)
    }

    public var description: String { "\(physical).\(logical)" }
}

/// A source of wall-clock time in milliseconds, replaceable in tests.
public struct WallClock: Sendable {
    /// Reads the current time in milliseconds since the epoch.
    public let milliseconds: @Sendable () -> Int64

    /// Wraps a time source.
    public init(_ milliseconds: @escaping @Sendable () -> Int64) { self.milliseconds = milliseconds }

    /// The system clock.
    public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A hybrid logical clock (Kulkarni et al.) that never goes backwards and tolerates skewed peers.
///
/// - A local reading is above every earlier reading, even when the wall clock jumps backwards.
/// - A remote reading is adopted only up to `maxForwardDrift` ahead of the local wall clock, so one
///   peer with a clock set years ahead cannot drag every replica's clock along with it.
public struct HybridLogicalClock: Sendable {
    /// The last reading issued or observed.
    public private(set) var last: HLCTimestamp
    /// How far ahead of the local wall clock a remote reading may pull this clock (milliseconds).
    public let maxForwardDrift: Int64

    /// The default tolerance for peers whose clock is ahead: one hour.
    public static let defaultMaxForwardDrift: Int64 = 3_600_000

    /// Starts a clock after `last` (for example the reading stored in a replica).
    public init(last: HLCTimestamp = .zero, maxForwardDrift: Int64 = defaultMaxForwardDrift) {
        self.last = last
        self.maxForwardDrift = maxForwardDrift
    }

    /// Issues a reading for a local event: strictly above every earlier reading.
    public mutating func tick(wall: Int64) -> HLCTimestamp {
        last = Self.successor(of: last, atLeast: wall)
        return last
    }

    /// Takes a remote reading into account, so that later local readings are above it
    /// (up to the drift tolerance).
    public mutating func observe(_ remote: HLCTimestamp, wall: Int64) {
        let ceiling = HLCTimestamp(physical: wall &+ maxForwardDrift, logical: UInt32.max)
        let bounded = min(remote, ceiling)
        if bounded > last { last = bounded }
    }

    /// The smallest reading above `previous` whose physical part is at least `wall`.
    static func successor(of previous: HLCTimestamp, atLeast wall: Int64) -> HLCTimestamp {
        if wall > previous.physical { return HLCTimestamp(physical: wall, logical: 0) }
        if previous.logical == UInt32.max { return HLCTimestamp(physical: previous.physical + 1, logical: 0) }
        return HLCTimestamp(physical: previous.physical, logical: previous.logical + 1)
    }
}
