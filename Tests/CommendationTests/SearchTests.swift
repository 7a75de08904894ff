import Foundation
import Testing
import TestSupport
import Commendation
import SyncCore

/// What the commendation schema searches (the engine's search is tested in SyncCoreTests):
/// nominees, achievements, codes and units of nominations, and the award catalog by name.
@Suite struct NominationSearchTests {
    @Test func nominationsAreFoundByNomineeAchievementsAndCodesAndTheCatalogByName() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write(Fixtures.createNomination("a", name: "Nguyễn Văn An"))
        try replica.write(Fixtures.update("a", ["achievements": .text("Sáng kiến “Số hóa hồ sơ thi đua”"), "unit_id": .text("hn-sct")]))
        try replica.write(Fixtures.createNomination("b", name: "Trần Đức Thắng"))
        func ids(_ query: String, _ collection: String? = "nominations") throws -> Set<String> {
            Set(try replica.search(query, collection: collection).map(\.key.id))
        }
        #expect(try ids("nguyen van an") == ["a"])
        #expect(try ids("so hoa ho so") == ["a"], "achievements are searched")
        #expect(try ids("hn-sct") == ["a"], "so is the unit")
        #expect(try ids("cstdcs") == ["a", "b"], "and the title's code")
        #expect(try ids("lao dong tien tien", "award_types") == ["LDTT", "TTLDTT"])
        #expect(try ids("hồ sơ", "award_types").isEmpty)
    }
}
