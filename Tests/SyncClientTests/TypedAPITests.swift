import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// The typed domain API of the client library, through a real hub.
@Suite struct TypedAPITests {
    @Test(arguments: HubBackend.all) func nominationsAndCampaignsRoundTripThroughTheHub(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            var campaign = Campaign(id: "hn-2025", scope: "hn", title: "Thi đua chuyển đổi số 2025", kind: .thematic,
                                    startsOn: CivilDate(year: 2025, month: 1, day: 15), endsOn: CivilDate(year: 2025, month: 11, day: 30))
            campaign.targets = ["100% hồ sơ điện tử"]
            try hn.add(campaign)
            var nomination = Nomination(id: "hn-7", scope: "hn", nomineeName: "Phạm Thị Dung", nomineeKind: .individual, year: 2025,
                                        titleCode: "CSTDCS", status: .submitted)
            nomination.campaignID = "hn-2025"
            try hn.add(nomination)
            for replica in [hn, board] { _ = try await hub.session(replica).sync() }

            var seen = try #require(try board.nomination("hn-7"))
            #expect(seen == nomination)
            #expect(try board.campaign("hn-2025") == campaign)
            seen.boardStatus = .approved
            seen.decisionNumber = "125/QĐ-BCT"
            seen.decisionDate = CivilDate(year: 2025, month: 12, day: 1)
            #expect(try board.save(seen) == ["board_status", "decision_date", "decision_number"])
            #expect(try board.save(seen).isEmpty, "saving unchanged values writes nothing")
            for replica in [board, hn] { _ = try await hub.session(replica).sync() }
            #expect(try hn.nomination("hn-7") == seen)

            var forged = seen
            forged.boardStatus = .rejected
            #expect(throws: SyncError.self) { try hn.save(forged) }
            #expect(try hn.nominations().map(\.id) == ["hn-7"])
        }
    }
}
