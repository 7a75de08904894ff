import Foundation
import SyncCore

/// A fresh temporary directory, removed when the value is deinitialised.
public final class TemporaryDirectory {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A wall clock the test sets by hand.
public final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    public init(_ start: Int64 = 1_750_000_000_000) { now = start }
    public func set(_ value: Int64) { lock.withLock { now = value } }
    public func advance(_ delta: Int64) { lock.withLock { now += delta } }
    public var wallClock: WallClock { WallClock { [self] in lock.withLock { now } } }
}
