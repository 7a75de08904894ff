import Commendation
import Foundation
import GRDB
import Testing
@testable import SyncCore
@testable import SyncServer

/// A hub's data directory written by the release before the layers split (its node registry made
/// outside any migrator, its replica recognised by the node id `hub`): this code opens it, keeps
/// every token, counter and record, and serves it on.
@Suite struct ReleaseHubTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/release-2026-12")

    /// A copy of the old hub's directory, in a new temporary directory the caller removes.
    static func hubCopy() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-old-hub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(fixtures.appendingPathComponent("hub.sqlite.gz").path)' > '\(directory.appendingPathComponent("hub.sqlite").path)'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return directory
    }

    static func token(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent("\(name).token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theOldHubsRegistryRecordsAndEpochAreKept() async throws {
        let directory = try Self.hubCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("hub.sqlite").path
        let epoch = try await DatabaseQueue(path: file).read { try String.fetchOne($0, sql: "SELECT epoch FROM _hub_meta") }

        let store = try SQLiteHubStore(directory: directory.path, schema: .commendation, mustExist: true)
        #expect(store.replica.purpose == .relay, "the old hub's replica, named hub, is a relay")
        #expect(try await store.epoch() == epoch, "a restart is no restore: the epoch stays")
        let nodes = try await store.nodes()
        #expect(nodes.map(\.id.rawValue) == ["board", "dn-sct"])
        #expect(nodes.map(\.highestCounter) == [2, 4])
        let dn = try await store.authenticate(token: try Self.token("dn"))
        #expect(dn.role == .province && dn.scopes == ["dn"])
        let board = try await store.authenticate(token: try Self.token("board"))
        #expect(try await store.latestSeq() == 36)
        let page = try await store.pull(after: 0, for: board, limit: 100, includeOwn: true)
        #expect(page.count == 35, "every record once, at its latest change (the approved nomination changed twice)")
        #expect(page.keys.contains(RecordKey(collection: "nominations", id: "dn-2025-0007")))
        #expect(try store.replica.rows(TableQuery("nominations")).isEmpty, "a relay keeps no typed tables")
        await store.close()

        let migrations = try await DatabaseQueue(path: file).read { try String.fetchSet($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(migrations.isSuperset(of: ["v1: node, records, conflicts, typed tables", "v8: purpose, schema name, search definition",
                                           "hub registry 1: nodes, epoch", "commendation 1: units, campaigns, award types, nominations"]))
        // Opened again, nothing is migrated twice.
        let again = try SQLiteHubStore(directory: directory.path, schema: .commendation, mustExist: true)
        #expect(try await again.nodes().count == 2)
        await again.close()
    }

    @Test func aNodesOwnRecordsAreLeftOutOfItsPulls() async throws {
        let directory = try Self.hubCopy()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteHubStore(directory: directory.path, schema: .commendation, mustExist: true)
        let dn = try await store.authenticate(token: try Self.token("dn"))
        let own = try await store.pull(after: 0, for: dn, limit: 100, includeOwn: false)
        #expect(!own.keys.contains(RecordKey(collection: "nominations", id: "dn-2025-0008")), "dn-sct pushed it and holds it")
        #expect(own.keys.contains(RecordKey(collection: "nominations", id: "dn-2025-0007")), "the board changed it since")
        #expect(own.lastSeq == 36)
        await store.close()
    }
}
