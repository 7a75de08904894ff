import Foundation

/// Settings of the property tests, raised by environment variables for long runs.
enum PropertySettings {
    /// `TDSYNC_PROPERTY_SCALE=10` runs ten times as many histories.
    static var scale: Int { Int(ProcessInfo.processInfo.environment["TDSYNC_PROPERTY_SCALE"] ?? "") ?? 1 }
    /// `TDSYNC_SEED=N` replays histories from seed N (each history i uses N + i).
    static var baseSeed: UInt64 { UInt64(ProcessInfo.processInfo.environment["TDSYNC_SEED"] ?? "") ?? 20_251_122 }
}
