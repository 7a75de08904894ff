import Foundation
import Testing
import Commendation
import SyncCore

/// Accent-insensitive search over nominations and the award catalog, the fields the commendation
/// schema names.
@Suite struct NominationSearchTests {
    @Test func searchFindsNamesWithOrWithoutAccentsAndFollowsEdits() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        for (id, name) in [("a", "Nguyễn Văn An"), ("b", "Nguyễn Văn Anh"), ("c", "Trần Đức Thắng"), ("d", "Đặng Thị Đào")] {
            try replica.write(Fixtures.createNomination(id, name: name))
        }
        func ids(_ query: String, _ collection: String? = "nominations") throws -> Set<String> {
            Set(try replica.search(query, collection: collection).map(\.key.id))
        }
        #expect(try ids("nguyen van an") == ["a", "b"])         // "an" is also the start of "anh"
        #expect(try ids("Nguyễn Văn Anh") == ["b"])
        #expect(try ids("duc thang") == ["c"])
        #expect(try ids("ĐỨC") == ["c"])
        #expect(try ids("dang dao") == ["d"])
        #expect(try ids("nguyen thang").isEmpty)                // every word must match
        // The award catalog is searchable too.
        #expect(try ids("lao dong tien tien", "award_types") == ["LDTT", "TTLDTT"])

        // A rename is found by its new name only; a deleted record is not found.
        try replica.write(Fixtures.update("a", ["nominee_name": .text("Phạm Minh Đức")]))
        #expect(try ids("nguyen van") == ["b"])
        #expect(try ids("duc") == ["a", "c"])
        try replica.write(LocalWrite(key: Fixtures.nominationKey("c"), operation: .delete, values: [:]))
        #expect(try ids("duc") == ["a"])

        #expect(throws: SyncError.self) { try replica.search("—!?") }
        #expect(throws: SyncError.self) { try replica.search("an", collection: "ghosts") }
    }

    @Test func aReplicaReopenedKeepsItsIndex() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("hn.sqlite")
        do {
            let replica = try Fixtures.makeReplica(dir, "hn")
            try replica.write(Fixtures.createNomination("x", name: "Võ Thị Sáu"))
            try replica.close()
        }
        let reopened = try Replica.open(at: path, schema: .commendation)
        #expect(try reopened.search("vo thi sau").map(\.key.id) == ["x"])
    }
}
