import Foundation
import GRDB
import Testing
import Commendation
import SyncCore

/// A typed-table value of the wrong type (a damaged file, or one edited by hand) is an error
/// naming the file, never a crash.
@Suite struct DamagedRowTests {
    @Test func aValueOfTheWrongTypeIsReplicaUnusable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let replica = try Replica.create(at: directory.appendingPathComponent("hn.sqlite").path, schema: .commendation, node: NodeID("hn-office"),
                                         role: .province, scopes: ["hn"], durability: .normal)
        try replica.write(LocalWrite(key: RecordKey(collection: "person_years", id: "p1-2025"), operation: .create(scope: "hn"),
                                     values: ["person_id": .text("p1"), "person_name": .text("Lê Thị Hoa"), "year": .integer(2025),
                                              "research_accepted": .bool(true)]))
        #expect(try PersonHistory.load("p1", from: replica).years[2025]?.researchAccepted == true)
        let queue = try DatabaseQueue(path: replica.path)
        try queue.write { try $0.execute(sql: "UPDATE person_years SET research_accepted = x'00ff' WHERE id = 'p1-2025'") }
        try queue.close()
        do {
            _ = try PersonHistory.load("p1", from: replica)
            Issue.record("a blob read as a yes/no")
        } catch let error as SyncError {
            #expect(error.code == .replicaUnusable && error.message.contains(replica.path), "\(error)")
        }
        #expect(throws: SyncError.self) { try replica.records(in: "nomination_events", where: "no_such_field", is: "x") }
    }
}
