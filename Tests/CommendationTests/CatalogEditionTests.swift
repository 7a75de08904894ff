import Foundation
import GRDB
import Testing
import TestSupport
@testable import Commendation
@testable import SyncCore

/// The seeded award catalog, edition 2 (validity dates): new replicas get it, replicas seeded with
/// edition 1 are upgraded when opened, identically everywhere and without overwriting the board.
@Suite struct CatalogEditionTests {
    static let lawInForce = CivilDate(year: 2024, month: 1, day: 1)!
    static let ldtt = RecordKey(collection: "award_types", id: "LDTT")

    /// A replica as a tdsync of catalog edition 1 created it, open as that tdsync opens it.
    static func editionOne(_ dir: TemporaryDirectory, _ node: String, role: Role = .province, scopes: [String] = ["hn"]) throws -> Replica {
        try Replica.create(at: dir.path("\(node).sqlite"), schema: CommendationSchema.make(catalogEdition: 1), node: NodeID(node),
                           role: role, scopes: scopes, durability: .normal)
    }

    /// Closes `replica` and opens its file again, as the current tdsync does.
    static func reopened(_ replica: Replica) throws -> Replica {
        try replica.close()
        return try Replica.open(at: replica.path, schema: .commendation, durability: .normal)
    }

    static func catalog(_ replica: Replica) throws -> [RecordVersion] { try replica.records(in: "award_types").map(\.version) }

    @Test func everyEntryTakesTheEffectiveDateOfItsLegalBasis() throws {
        #expect(ReferenceData.awardTypes.allSatisfy { $0.legalBasis.hasPrefix("Law 06/2022/QH15") })
        #expect(ReferenceData.awardTypes.allSatisfy { $0.validFrom == Self.lawInForce })
        #expect(ReferenceData.effectiveDate(ofBasis: "Decree 152/2025/ND-CP") == nil)
        #expect(ReferenceData.effectiveDate(ofBasis: "Law 06/2022/QH150") == nil)
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        for version in try Self.catalog(replica) {
            #expect(replica.visibleValues(of: version)["valid_from"] == .date(Self.lawInForce), "\(version.key)")
            #expect(version.state.vv == VersionVector([.seed: 2]))
            #expect(version.state.fields["name"]?.map(\.dot) == [Dot(node: .seed, counter: 1)], "values of edition 1 keep their dot")
        }
        let typed = try replica.rows(TableQuery("award_types", where: [.equals("valid_from", .date(Self.lawInForce))])).count
        #expect(typed == ReferenceData.awardTypes.count)
    }

    @Test func anEditionOneReplicaIsUpgradedWhenOpened() throws {
        let dir = try TemporaryDirectory()
        let old = try Self.editionOne(dir, "hn")
        #expect(try Self.catalog(old).allSatisfy { $0.state.fields["valid_from"] == nil && $0.state.vv == VersionVector([.seed: 1]) })
        let before = try old.nodeState()
        let upgraded = try Self.reopened(old)
        #expect(try Self.catalog(upgraded) == CatalogSeed.awardTypes().sorted { $0.key < $1.key })
        let after = try upgraded.nodeState()
        #expect(after.lastSeq == before.lastSeq + Int64(ReferenceData.awardTypes.count), "each entry once in the change log")
        #expect(after.counter == 0, "the upgrade is no write of this node")
        #expect(try upgraded.syncState().outboxSize == 0)
        // Byte for byte what a replica created now holds.
        let fresh = try Fixtures.makeReplica(dir, "dn", scopes: ["dn"])
        #expect(try Self.catalog(fresh).map(RecordCodec.encode) == Self.catalog(upgraded).map(RecordCodec.encode))
        // Done once.
        let again = try Self.reopened(upgraded)
        #expect(try again.nodeState().lastSeq == after.lastSeq)
    }

    @Test func replicasUpgradedIndependentlyExchangeWithoutConflict() throws {
        let dir = try TemporaryDirectory()
        let hn = try Self.reopened(try Self.editionOne(dir, "hn"))
        let board = try Self.reopened(try Self.editionOne(dir, "board", role: .board, scopes: []))
        let toBoard = try board.apply(try Self.catalog(hn))
        #expect(toBoard.allSatisfy { $0.outcome == .alreadyKnown })
        #expect(try hn.apply(try Self.catalog(board)).allSatisfy { $0.outcome == .alreadyKnown })
        // A node still on edition 1 takes the upgraded entries as they come, and has nothing left to upgrade.
        let old = try Self.editionOne(dir, "old", scopes: ["dn"])
        #expect(try old.apply(try Self.catalog(board)).allSatisfy { $0.outcome == .applied })
        let seq = try old.nodeState().lastSeq
        let upgraded = try Self.reopened(old)
        #expect(try upgraded.nodeState().lastSeq == seq)
        for replica in [hn, board, upgraded] { #expect(try replica.conflicts().isEmpty) }
        #expect(try Self.catalog(upgraded) == Self.catalog(hn))
    }

    @Test func aBoardEditOfAnEditionOneEntrySurvivesTheUpgrade() throws {
        let dir = try TemporaryDirectory()
        var board = try Self.editionOne(dir, "board", role: .board, scopes: [])
        let edit = try board.write(LocalWrite(key: Self.ldtt, operation: .update, values: [
            "name": .text("Lao động tiên tiến (sửa đổi)"), "valid_to": .text("2030-12-31")]))
        var synced = try Self.editionOne(dir, "hn")            // received the edit before upgrading
        #expect(try synced.apply([edit]).first?.outcome == .applied)
        var late = try Self.editionOne(dir, "dn", scopes: ["dn"])   // receives it only after upgrading
        board = try Self.reopened(board)
        synced = try Self.reopened(synced)
        late = try Self.reopened(late)
        #expect(try late.apply([edit]).first?.outcome == .applied)

        let expected = try #require(try board.record(Self.ldtt)).version
        let visible = board.visibleValues(of: expected)
        #expect(visible["name"] == .text("Lao động tiên tiến (sửa đổi)"))
        #expect(visible["valid_to"] == .date(CivilDate(year: 2030, month: 12, day: 31)!))
        #expect(visible["valid_from"] == .date(Self.lawInForce))
        #expect(expected.state.vv == VersionVector([.seed: 2, NodeID(unchecked: "board"): 1]))
        for replica in [synced, late] {
            #expect(try replica.record(Self.ldtt)?.version == expected, "\(replica.node)")
            #expect(try replica.syncState().outboxSize == 0, "the upgrade puts nothing in \(replica.node)'s outbox")
        }
        for replica in [board, synced, late] { #expect(try replica.conflicts().isEmpty) }
        #expect(try board.syncState().outboxSize == 1, "the board's own edit is still to push")

        // The board's later edit, reaching a node still on edition 1, is not undone by that node's upgrade.
        let later = try board.write(LocalWrite(key: Self.ldtt, operation: .update, values: ["valid_from": .text("2024-07-01")]))
        var old = try Self.editionOne(dir, "old", scopes: ["pt"])
        _ = try old.apply([later])
        old = try Self.reopened(old)
        #expect(try old.record(Self.ldtt)?.version == later)
        #expect(try old.conflicts().isEmpty)
    }

    @Test func aDifferentValidFromTheBoardSetOnEditionOneStaysVisibleAsAConflict() throws {
        let dir = try TemporaryDirectory()
        let board = try Self.editionOne(dir, "board", role: .board, scopes: [])
        try board.write(LocalWrite(key: Self.ldtt, operation: .update, values: ["valid_from": .text("2024-03-01")]))
        try board.write(LocalWrite(key: RecordKey(collection: "award_types", id: "GK"), operation: .update,
                                   values: ["valid_from": .text("2024-01-01")]))
        let upgraded = try Self.reopened(board)
        // Two values written without either seeing the other: kept, and the board's is shown.
        let conflicts = try upgraded.conflicts()
        #expect(conflicts.map(\.key) == [Self.ldtt] && conflicts.first?.field == "valid_from")
        #expect(conflicts.first?.winner.value == .date(CivilDate(year: 2024, month: 3, day: 1)!))
    }
}
