import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// The dossier workflow through a real hub: a province cannot decide; a decision covering many
/// nominations reaches the province with its history; a returned nomination keeps its reason.
@Suite(.serialized) struct WorkflowTests {
    func create(_ id: String, in replica: Replica) throws {
        try replica.write([Domain.nomination(id, scope: "hn", kind: "individual"),
                           NominationHistory.event("created", on: id, scope: "hn", by: replica)])
        try replica.write([Domain.update(id, ["status": .text("submitted")]),
                           NominationHistory.event("submitted", on: id, scope: "hn", by: replica)])
    }

    @Test(arguments: HubBackend.all) func aDecisionReachesTheProvinceWithItsHistory(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            for id in ["a", "b", "c"] { try create(id, in: hn) }

            // The province cannot approve, locally or by forging the board's field.
            #expect { try hn.write(Domain.update("a", ["board_status": .text("approved")])) } throws: { ($0 as? SyncError)?.code == .fieldNotOwned }
            _ = try await hub.session(hn).sync()
            _ = try await hub.session(board).sync()

            // One decision approves a and b; c is returned with a reason.
            let issued = try AwardDecision.issue(number: "125/QĐ-TTg", date: CivilDate(iso: "2025-12-01")!, authority: "Thủ tướng Chính phủ",
                                                 awardCode: "CSTDCS", summary: nil, nominations: ["a", "b"], in: board)
            try board.write(issued)
            try board.write([Domain.update("c", ["board_status": .text("returned"), "board_reason": .text("Thiếu minh chứng")]),
                             NominationHistory.event("returned", on: "c", scope: "hn", by: board, reason: "Thiếu minh chứng")])
            #expect(throws: SyncError.self) {
                try AwardDecision.issue(number: "126/QĐ-TTg", date: CivilDate(iso: "2025-12-02")!, authority: nil, awardCode: nil, summary: nil,
                                        nominations: ["a", "nope"], in: board)
            }
            _ = try await hub.session(board).sync()
            _ = try await hub.session(hn).sync()

            for id in ["a", "b"] {
                let values = hn.visibleValues(of: try #require(try hn.record(RecordKey(collection: "nominations", id: id))).version)
                #expect(values["board_status"] == .text("approved"))
                #expect(values["decision_number"] == .text("125/QĐ-TTg"))
                let history = try NominationHistory.events(of: id, in: hn)
                #expect(history.map(\.action) == ["created", "submitted", "approved"])
                #expect(history.map(\.actor) == ["hn-office", "hn-office", "board"])
                #expect(history.last?.decisionNumber == "125/QĐ-TTg")
            }
            let decisions = try hn.records(in: "decisions")
            #expect(decisions.count == 1)
            #expect(hn.visibleValues(of: decisions[0].version)["nomination_ids"] == .textList(["a", "b"]))
            let returned = hn.visibleValues(of: try #require(try hn.record(RecordKey(collection: "nominations", id: "c"))).version)
            #expect(returned["board_status"] == .text("returned") && returned["board_reason"] == .text("Thiếu minh chứng"))
            #expect(try NominationHistory.events(of: "c", in: hn).last?.reason == "Thiếu minh chứng")
        }
    }
}
