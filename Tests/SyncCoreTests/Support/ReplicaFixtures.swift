import Foundation
import TestSupport
@testable import SyncCore

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
