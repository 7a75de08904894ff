import Foundation
import Testing
import TestSupport
import Commendation
import SyncCore

/// One board decision applied to many nominations (`AwardDecision.apply`), and a province's
/// campaign registrations edited and withdrawn (`CampaignRegistrations.update`, `withdraw`).
@Suite struct BatchDecisionTests {
    /// Hà Nội's office with nominations a, b, c submitted and d a draft, all of them copied to the board.
    final class Offices {
        let dir: TemporaryDirectory
        let hn: Replica
        let board: Replica

        init() throws {
            dir = try TemporaryDirectory()
            hn = try Fixtures.makeReplica(dir, "hn-office")
            board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
            for id in ["a", "b", "c", "d"] {
                try NominationWorkflow.create(id, scope: "hn", values: ["nominee_name": .text("Người \(id)"), "nominee_kind": .text("individual"),
                                                                       "title_code": .text("LDTT"), "year": .integer(2025), "status": .text("draft")], in: hn)
                if id != "d" { try NominationWorkflow.submit(id, in: hn) }
            }
            try deliver()
        }

        /// Copies what the province wrote to the board, as a sync would.
        func deliver() throws {
            _ = try board.apply(try hn.outbox(limit: 1000).map(\.version))
        }
    }

    @Test func oneApprovalCoversTheNominationsThatCanTakeItAndReportsEachOther() throws {
        let offices = try Offices(), board = offices.board
        try NominationWorkflow.decide("c", BoardDecision(.returned, reason: "Thiếu hồ sơ"), in: board)
        let approval = BoardDecision(.approved, number: "125/QĐ-BCT", date: CivilDate(iso: "2025-12-01"), authority: "Bộ trưởng")
        let outcome = try AwardDecision.apply(approval, to: ["a", "b", "c", "d", "zz", "a"], in: board)
        #expect(outcome.decided == ["a", "b"])
        #expect(outcome.refused.map(\.nomination) == ["c", "d", "zz"])
        #expect(outcome.refused[0].message.contains("already has the board's decision: returned"))
        #expect(outcome.refused[1].message.contains("is draft, not submitted"))
        #expect(outcome.refused[2].message.contains("not_found"))
        // One decisions record, listing only the nominations decided; each carries its number.
        let decisions = try AwardDecision.list(in: board)
        #expect(decisions.map(\.number) == ["125/QĐ-BCT"] && decisions[0].nominations == ["a", "b"])
        #expect(try board.nomination("a")?.decisionNumber == "125/QĐ-BCT" && board.nomination("b")?.boardStatus == .approved)
        #expect(try board.nomination("c")?.boardStatus == .returned)
        #expect(try NominationHistory.events(of: "b", in: board).last?.decisionNumber == "125/QĐ-BCT")
        // Applied again, every one is refused and nothing more is written.
        let again = try AwardDecision.apply(approval, to: ["a", "b"], in: board)
        #expect(again.decided.isEmpty && again.refused.count == 2 && again.decisionID == nil)
        #expect(try AwardDecision.list(in: board).count == 1)
    }

    @Test func aReturnHasNoDecisionRecordAndAnInvalidDecisionWritesNothing() throws {
        let offices = try Offices(), board = offices.board
        #expect(throws: SyncError.self) { try AwardDecision.apply(BoardDecision(.approved, number: "125"), to: ["a"], in: board) }
        #expect(throws: SyncError.self) { try AwardDecision.apply(BoardDecision(.rejected), to: ["a"], in: board) }
        let outcome = try AwardDecision.apply(BoardDecision(.returned, reason: "Bổ sung xác nhận"), to: ["a", "b"], in: board)
        #expect(outcome.decided == ["a", "b"] && outcome.decisionID == nil)
        #expect(try AwardDecision.list(in: board).isEmpty)
        #expect(try board.nomination("b")?.boardReason == "Bổ sung xác nhận")
        // A province may not decide: the engine refuses each nomination, and the whole call throws.
        #expect(throws: SyncError.self) { try AwardDecision.apply(BoardDecision(.returned, reason: "x"), to: ["c"], in: offices.hn) }
    }

    @Test func aRegistrationIsEditedAndWithdrawn() throws {
        let dir = try TemporaryDirectory(), hn = try Fixtures.makeReplica(dir, "hn-office")
        try hn.add(Campaign(id: "cds", scope: "hn", title: "Chuyển đổi số"))
        let day = try #require(CivilDate(iso: "2025-02-01"))
        let id = try CampaignRegistrations.register("Phòng Nội vụ", kind: .unit, for: "cds", on: day, scope: "hn", pledges: ["100% hồ sơ"], in: hn)
        try CampaignRegistrations.update(id, to: .init(registrant: "Phòng Nội vụ", kind: .unit, unit: "u1", registeredOn: day,
                                                       pledges: ["100% hồ sơ", "Không có sai sót"], target: "TTLDXS"), in: hn)
        let edited = try #require(try CampaignRegistrations.registration(id, in: hn))
        #expect(edited.pledges == ["100% hồ sơ", "Không có sai sót"] && edited.unitID == "u1" && edited.targetCode == "TTLDXS")
        #expect(edited.campaign == "cds" && edited.result == "pending")
        #expect(try CampaignRegistrations.all(in: hn).map(\.id) == [id])
        try CampaignRegistrations.withdraw(id, in: hn)
        #expect(try CampaignRegistrations.all(in: hn).isEmpty && CampaignRegistrations.registration(id, in: hn) == nil)
        #expect(throws: SyncError.self) { try CampaignRegistrations.withdraw(id, in: hn) }
        #expect(throws: SyncError.self) { try CampaignRegistrations.update("nope", to: edited.entry(day), in: hn) }
    }
}

extension CampaignRegistrations.Registration {
    func entry(_ day: CivilDate) -> CampaignRegistrations.Entry { .init(registrant: registrant, kind: .unit, registeredOn: day) }
}
