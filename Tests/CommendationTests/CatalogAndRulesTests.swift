import Foundation
import Testing
import TestSupport
import Commendation
import SyncCore

/// The commendation schema on a replica: the seeded catalog, and the rule that keeps emulation
/// titles and award forms apart.
@Suite struct CatalogAndRulesTests {
    @Test func catalogIsSeededIdenticallyEverywhere() throws {
        let dir = try TemporaryDirectory()
        let a = try Fixtures.makeReplica(dir, "hn"), b = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        let catalog = try a.records(in: "award_types")
        #expect(catalog.count == ReferenceData.awardTypes.count)
        #expect(try a.canonicalJSON() == b.canonicalJSON())
        #expect(try a.nodeState().counter == 0)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".creating-") }
        #expect(leftovers.isEmpty)
        do { _ = try Fixtures.makeReplica(dir, "hn"); Issue.record("created over an existing replica") }
        catch let error as SyncError { #expect(error.code == .alreadyExists) }
        let bonus = try #require(catalog.first { $0.version.key.id == "CSTD_TQ" })
        #expect(a.visibleValues(of: bonus.version)["bonus_base_salary_multiple"] == .decimal(DecimalText("4.5")!))
    }

    @Test func titlesAndAwardFormsAreKeptApart() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        var values = Fixtures.createNomination("n1").values
        values["title_code"] = .text("BK_BO")
        #expect(throws: SyncError.self) { try replica.write(LocalWrite(key: Fixtures.nominationKey("n1"), operation: .create(scope: "hn"), values: values)) }
        values["title_code"] = .text("CSTDCS")
        values["award_form_code"] = .text("BK_BO")
        #expect(throws: SyncError.self) { try replica.write(LocalWrite(key: Fixtures.nominationKey("n1"), operation: .create(scope: "hn"), values: values)) }
        values["title_code"] = FieldValue.null
        try replica.write(LocalWrite(key: Fixtures.nominationKey("n1"), operation: .create(scope: "hn"), values: values))
    }
}
