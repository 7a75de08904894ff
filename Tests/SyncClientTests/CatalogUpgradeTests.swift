import Foundation
import Testing
import SyncClient
@testable import Commendation
import SyncCore
import SyncServer

/// Catalog edition 2 reaching nodes created with edition 1, through a real hub.
@Suite(.serialized) struct CatalogUpgradeTests {
    /// A node registered at `hub` whose replica a tdsync of catalog edition 1 created.
    static func editionOneNode(_ hub: HubFixture, _ id: String, role: Role, scopes: [String] = []) async throws -> Replica {
        let token = try await hub.store.registerNode(NodeID(id), role: role, scopes: scopes)
        let replica = try Replica.create(at: hub.directory.appendingPathComponent("\(id).sqlite").path, schema: CommendationSchema.make(catalogEdition: 1),
                                         node: NodeID(id), role: role, scopes: role == .board ? [] : scopes, durability: .normal)
        try replica.configureHub(url: hub.url.absoluteString, token: token)
        return replica
    }

    static func reopened(_ replica: Replica) throws -> Replica {
        try replica.close()
        return try Replica.open(at: replica.path, schema: .commendation, durability: .normal)
    }

    @Test(arguments: HubBackend.all) func nodesUpgradedIndependentlyConvergeWithoutConflictsAndKeepTheBoardsEdit(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            var board = try await Self.editionOneNode(hub, "board", role: .board)
            var hn = try await Self.editionOneNode(hub, "hn-office", role: .province, scopes: ["hn"])
            var dn = try await Self.editionOneNode(hub, "dn-office", role: .province, scopes: ["dn"])
            let ldtt = RecordKey(collection: "award_types", id: "LDTT")
            // Before upgrading, the board renames an entry and hn receives it.
            try board.write(LocalWrite(key: ldtt, operation: .update, values: ["name": .text("Lao động tiên tiến (sửa đổi)")]))
            var reports = [try await hub.session(board).sync(), try await hub.session(hn).sync()]
            board = try Self.reopened(board)
            hn = try Self.reopened(hn)
            dn = try Self.reopened(dn)
            for replica in [dn, hn, board, dn, hn, board] { reports.append(try await hub.session(replica).sync()) }

            #expect(reports.allSatisfy { $0.rejected.isEmpty && $0.mergedWithConflict.isEmpty })
            let catalog = try board.records(in: "award_types").map(\.version)
            #expect(catalog.count == ReferenceData.awardTypes.count)
            for replica in [hn, dn] { #expect(try replica.records(in: "award_types").map(\.version) == catalog, "\(replica.node)") }
            for replica in [board, hn, dn] {
                #expect(try replica.conflicts().isEmpty)
                #expect(try replica.syncState().outboxSize == 0)
                let values = try #require(try replica.record(ldtt)).version
                #expect(replica.visibleValues(of: values)["name"] == .text("Lao động tiên tiến (sửa đổi)"))
            }
            #expect(catalog.allSatisfy { board.visibleValues(of: $0)["valid_from"] == .date(CivilDate(year: 2024, month: 1, day: 1)!) })
        }
    }
}
