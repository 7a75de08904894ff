import Foundation

/// A small, fast, seedable generator (SplitMix64) so every random test can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Settings of the property tests, raised by environment variables for long runs.
enum PropertySettings {
    /// `TDSYNC_PROPERTY_SCALE=10` runs ten times as many histories.
    static var scale: Int { Int(ProcessInfo.processInfo.environment["TDSYNC_PROPERTY_SCALE"] ?? "") ?? 1 }
    /// `TDSYNC_SEED=N` replays histories from seed N (each history i uses N + i).
    static var baseSeed: UInt64 { UInt64(ProcessInfo.processInfo.environment["TDSYNC_SEED"] ?? "") ?? 20_251_122 }
}
