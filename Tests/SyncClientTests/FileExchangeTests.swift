import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// File exchange between real replica files.
@Suite struct FileExchangeTests {
    func replica(_ dir: URL, _ node: String, role: Role, scopes: [String]) throws -> Replica {
        try Replica.create(at: dir.appendingPathComponent("\(node).sqlite").path, schema: .commendation, node: NodeID(node), role: role,
                           scopes: scopes, durability: .normal)
    }

    func nomination(_ id: String, scope: String) -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope), values: [
            "nominee_name": .text("Phạm Thị Dung"), "nominee_kind": .text("individual"),
            "award_form_code": .text("BK_BO"), "year": .integer(2025),
        ])
    }

    @Test func exchangeBothWaysConvergesAndRespectsScopes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-fx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let board = try replica(dir, "board", role: .board, scopes: [])
        let hn = try replica(dir, "hn", role: .province, scopes: ["hn"])
        try hn.write((1...700).map { nomination("hn-\($0)", scope: "hn") })
        try board.write(nomination("hcm-1", scope: "hcm"))

        let intoBoard = try FileExchange.pull(into: board, from: hn, pageSize: 128)
        #expect(intoBoard.applied == 700)
        #expect(intoBoard.rejected.isEmpty)
        try board.write(LocalWrite(key: RecordKey(collection: "nominations", id: "hn-1"), operation: .update,
                                   values: ["board_status": .text("approved"), "decision_number": .text("15/QĐ-BCT")]))
        let intoProvince = try FileExchange.pull(into: hn, from: board)
        #expect(intoProvince.applied == 1)
        #expect(try hn.record(RecordKey(collection: "nominations", id: "hcm-1")) == nil)
        #expect(try FileExchange.pull(into: board, from: hn).applied == 0)
        let provinceView = try hn.records(in: "nominations").map(\.version)
        let boardView = try board.records(in: "nominations").map(\.version).filter { $0.scope == "hn" }
        #expect(provinceView == boardView)
    }
}
