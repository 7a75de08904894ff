import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// The 2025 merger: Vĩnh Phúc's office, registered with its old scope, moves to Phú Thọ's; its
/// records keep their issuer and history, and the statistics show both breakdowns.
@Suite(.serialized) struct MergerTests {
    @Test func theMergedProvincesAreKnownByCodesMadeFromTheirNames() throws {
        // 33 provinces gave their name to a 2025 one; 30 others (Thừa Thiên Huế, renamed Huế, among them) did not.
        #expect(ReferenceData.provinces.filter { $0.mergedFrom.contains($0.name) }.count + ReferenceData.legacyProvinces.count == 63)
        #expect(CommendationSchema.provinces.successor(of: "thua-thien-hue") == "hue")
        #expect(CommendationSchema.provinces.successor(of: "vinh-phuc") == "pt" && CommendationSchema.provinces.successor(of: "hoa-binh") == "pt")
        #expect(CommendationSchema.provinces.successor(of: "pt") == "pt")
        #expect(CommendationSchema.provinces.covering(["pt"]) == ["pt", "vinh-phuc", "hoa-binh"])
        #expect(Set(ReferenceData.legacyProvinces.map(\.code)).count == ReferenceData.legacyProvinces.count)
        try CommendationSchema.provinces.validate("vinh-phuc")
        #expect(throws: SyncError.self) { try CommendationSchema.provinces.validate("atlantis") }
    }

    @Test(arguments: HubBackend.all) func aMergedProvincesOfficeMovesToItsSuccessorWithoutRewritingHistory(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let vp = try await hub.node("vp-office", role: .province, scopes: ["vinh-phuc"])
            let pt = try await hub.node("pt-office", role: .province, scopes: ["pt"])
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try vp.write(Domain.nomination("vp-1", scope: "vinh-phuc", name: "Nguyễn Văn Phúc"))
            try pt.write(Domain.nomination("pt-1", scope: "pt", name: "Trần Thị Thọ"))
            for replica in [vp, pt, board, vp, pt] { _ = try await hub.session(replica).sync() }
            // Phú Thọ, the successor, sees Vĩnh Phúc's records; Vĩnh Phúc's office, not yet moved, does not see Phú Thọ's.
            #expect(try Set(pt.records(in: "nominations").map(\.version.key.id)) == ["pt-1", "vp-1"])
            #expect(try vp.records(in: "nominations").map(\.version.key.id) == ["vp-1"])
            // Another province may not write a merged province's records.
            var forged = try #require(try vp.record(RecordKey(collection: "nominations", id: "vp-1"))).version
            forged = RecordVersion(key: RecordKey(collection: "nominations", id: "hn-into-vp"), scope: "vinh-phuc", state: forged.state)
            let refused = try await hub.transport(token: try #require(try hn.syncState().token)).push([forged])
            if case .rejected(let code, _) = refused.results[0].outcome { #expect(code == "scope_violation" || code == "foreign_dot") }
            else { Issue.record("a province wrote into a merged province's scope") }

            // The operator moves the office; at its next sync it adopts Phú Thọ and pulls it all.
            try await hub.store.setScopes(NodeID("vp-office"), scopes: ["pt"])
            _ = try await hub.session(vp).sync()
            await #expect(try vp.nodeState().scopes == ["pt"])
            #expect(try Set(vp.records(in: "nominations").map(\.version.key.id)) == ["pt-1", "vp-1"])
            // Its old record keeps its scope (the issuer) and its dots, and stays writable.
            let old = try #require(try vp.record(RecordKey(collection: "nominations", id: "vp-1"))).version
            let vpNode = try NodeID("vp-office")
            #expect(old.scope == "vinh-phuc" && old.state.vv[vpNode] > 0)
            try vp.write(Domain.update("vp-1", ["achievements": .text("Sau sáp nhập")]))
            try vp.write(Domain.nomination("vp-2", scope: "pt"))
            _ = try await hub.session(vp).sync()
            _ = try await hub.session(board).sync()
            #expect(try board.record(RecordKey(collection: "nominations", id: "vp-2"))?.version.scope == "pt")

            // Statistics: the 2025 breakdown counts vp-1 under Phú Thọ, the old one under Vĩnh Phúc.
            for id in ["vp-1", "pt-1"] {
                try board.write(Domain.update(id, ["title_code": .null, "award_form_code": .text("BK_BO"),
                                                   "board_status": .text("approved"), "decision_date": .text("2025-10-10")]))
            }
            let tables = try StatisticsReport(replica: board).tables(form: "0603", year: 2025)
            #expect(tables[1].rows.first { $0.first == "pt" }?.last == "2")
            #expect(tables[3].rows.first { $0.first == "vinh-phuc" }?.last == "1")
            #expect(tables[3].rows.first { $0.first == "pt" }?.last == "1")
            #expect(tables[3].rows.count == 64)   // the 63 old provinces and the total
        }
    }
}
