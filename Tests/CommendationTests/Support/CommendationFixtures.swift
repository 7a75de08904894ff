import Foundation
import TestSupport
import Commendation
import SyncCore

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
