import Foundation
@testable import SyncCore

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

/// Replicas and writes of the tests' own `notes` schema.
enum Fixtures {
    static func noteKey(_ id: String) -> RecordKey { RecordKey(collection: "notes", id: id) }

    /// A create of a memo assigned to one person.
    static func createNote(_ id: String, scope: String = "north", title: String = "Nguyễn Văn An", priority: Int64 = 3) -> LocalWrite {
        LocalWrite(key: noteKey(id), operation: .create(scope: scope), values: [
            "title": .text(title), "kind": .text("memo"), "priority": .integer(priority), "assignee": .text("an"),
        ])
    }

    static func update(_ id: String, _ values: [String: FieldValue]) -> LocalWrite {
        LocalWrite(key: noteKey(id), operation: .update, values: values)
    }

    static func makeReplica(_ dir: TemporaryDirectory, _ node: String, role: Role = .province, scopes: [String] = ["north"],
                            clock: WallClock = .system, schema: Schema = .notes) throws -> Replica {
        try Replica.create(at: dir.path("\(node).sqlite"), schema: schema, node: NodeID(node), role: role, scopes: scopes,
                           durability: .normal, wallClock: clock)
    }

    static func open(_ path: String, clock: WallClock = .system, schema: Schema = .notes) throws -> Replica {
        try Replica.open(at: path, schema: schema, durability: .normal, wallClock: clock)
    }
}
