import Foundation
import GRDB
import Testing
import TestSupport
import Commendation
@_spi(Storage) @testable import SyncCore

/// A board replica written by the release before the layers split (`tdsync demo-data --db
/// board.db --people 1 --seed 1`, tdsync eba251d, December 2026), with what that release printed
/// for it: the canonical export's SHA-256, the statistics forms as CSV, a search. Read by this
/// code, the file must give the same bytes: an upgrade reads every file an older release wrote.
@Suite struct ReleaseFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/release-2026-12")

    /// A copy of the fixture replica in a temporary directory (opening it migrates it).
    static func boardCopy(in dir: TemporaryDirectory) throws -> String {
        let path = dir.path("board.sqlite")
        try run("/bin/sh", ["-c", "gzip -dc '\(fixtures.appendingPathComponent("board.sqlite.gz").path)' > '\(path)'"])
        return path
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SyncError(.storageFailure, "\(tool) \(arguments) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    static func expected(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theOldReleasesBoardReplicaExportsTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.boardCopy(in: dir)
        let (before, dirty) = try DatabaseQueue(path: path).read {
            (try String.fetchSet($0, sql: "SELECT identifier FROM grdb_migrations"), try Int.fetchOne($0, sql: "SELECT count(*) FROM _records WHERE dirty = 1") ?? 0)
        }
        #expect(before.contains("v7: schema 2 — people's yearly records, initiatives, eligibility rules"))

        let replica = try Replica.open(at: path, schema: .commendation)
        let export = dir.path("export.json")
        try replica.canonicalJSON().write(to: URL(fileURLWithPath: export))
        let digest = try Self.run("/usr/bin/sha256sum", [export]).prefix(64)
        #expect(digest == (try Self.expected("export.sha256")).prefix(64), "the canonical export changed")

        let after = try DatabaseQueue(path: path).read { try String.fetchSet($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(after.isSuperset(of: before), "no shipped migration is renamed")
        #expect(after.contains("commendation 1: units, campaigns, award types, nominations"))
        #expect(try replica.verify().isEmpty)
        #expect(try replica.nodeState().counter > 0)
        let outbox = try replica.syncState().outboxSize
        #expect(dirty > 0 && outbox == dirty, "the board's writes still wait to be pushed")
    }

    /// Every state of the old file rewritten in the compact stored form (as each is when next
    /// written) gives the same canonical export, byte for byte.
    @Test func theOldReleasesStatesRewrittenInTheCompactFormExportTheSameBytes() throws {
        let dir = try TemporaryDirectory()
        let path = try Self.boardCopy(in: dir)
        let replica = try Replica.open(at: path, schema: .commendation)
        let rewritten = try replica.withWriteTransaction { db in
            var count = 0
            for row in try Row.fetchAll(db, sql: "SELECT rid, collection, id, state FROM _records") {
                let key = RecordKey(collection: row[1], id: row[2])
                let state = try replica.decodeState(row[3] as Data, key: key)
                let stored = replica.encodeState(state, collection: key.collection)
                #expect(stored.first == StoredState.formatV1, "\(key) has a field without a position")
                try db.execute(sql: "UPDATE _records SET state = ? WHERE rid = ?", arguments: [Data(stored), row[0] as Int64])
                count += 1
            }
            return count
        }
        #expect(rewritten > 100)
        try replica.close()
        let reopened = try Replica.open(at: path, schema: .commendation)
        let export = dir.path("export.json")
        try reopened.canonicalJSON().write(to: URL(fileURLWithPath: export))
        #expect(try Self.run("/usr/bin/sha256sum", [export]).prefix(64) == (try Self.expected("export.sha256")).prefix(64))
        #expect(try reopened.verify().isEmpty)
    }

    @Test func theOldReleasesReportsAndSearchComeOutTheSame() throws {
        let dir = try TemporaryDirectory()
        let replica = try Replica.open(at: try Self.boardCopy(in: dir), schema: .commendation)
        for form in StatisticsReport.forms {
            let tables = try StatisticsReport(replica: replica).tables(form: form, year: 2025)
            let csv = try tables.enumerated().map { index, table in (index > 0 ? "\n" : "") + (try table.csv()) + "\n" }.joined()
            #expect(csv == (try Self.expected("report-\(form).csv")), "form \(form)")
        }
        struct Hit: Decodable, Equatable { let collection, id, scope: String }
        let printed = try JSONDecoder().decode([Hit].self, from: Data((try Self.expected("search.json")).utf8))
        let hits = try replica.search("nguyen").map { Hit(collection: $0.key.collection, id: $0.key.id, scope: $0.scope) }
        #expect(hits == printed, "the index the old release built is kept as it was")
        // The index keeps following edits after the upgrade.
        let unit = try #require(hits.first { $0.collection == "units" })
        try replica.write(LocalWrite(key: RecordKey(collection: "units", id: unit.id), operation: .update, values: ["name": .text("Sở Nội vụ Bến Tre")]))
        #expect(try replica.search("ben tre").map(\.key.id) == [unit.id])
    }
}
