import Foundation
import Commendation
import SyncCore

/// A fresh temporary directory, removed when the value is deinitialised.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A wall clock the test sets by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    init(_ start: Int64 = 1_750_000_000_000) { now = start }
    func set(_ value: Int64) { lock.withLock { now = value } }
    func advance(_ delta: Int64) { lock.withLock { now += delta } }
    var wallClock: WallClock { WallClock { [self] in lock.withLock { now } } }
}

/// Replicas and writes of the commendation schema.
enum Fixtures {
    static func nominationKey(_ id: String) -> RecordKey { RecordKey(collection: "nominations", id: id) }

    /// A create of a nomination for an individual with an emulation title.
    static func createNomination(_ id: String, scope: String = "hn", name: String = "Nguyễn Văn An", year: Int64 = 2025) -> LocalWrite {
        LocalWrite(key: nominationKey(id), operation: .create(scope: scope), values: [
            "nominee_name": .text(name), "nominee_kind": .text("individual"),
            "title_code": .text("CSTDCS"), "year": .integer(year), "status": .text("draft"),
        ])
    }

    static func update(_ id: String, _ values: [String: FieldValue]) -> LocalWrite {
        LocalWrite(key: nominationKey(id), operation: .update, values: values)
    }

    static func makeReplica(_ dir: TemporaryDirectory, _ node: String, role: Role = .province, scopes: [String] = ["hn"],
                            clock: WallClock = .system) throws -> Replica {
        try Replica.create(at: dir.path("\(node).sqlite"), schema: .commendation, node: NodeID(node), role: role, scopes: scopes,
                           durability: .normal, wallClock: clock)
    }
}
