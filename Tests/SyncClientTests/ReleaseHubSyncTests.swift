import Commendation
import Foundation
import Testing
import SyncClient
import SyncCore
import SyncServer

/// The hub data an older release wrote (Tests/SyncServerTests/Fixtures/release-2026-12), served by
/// this code: nodes with the tokens issued then sync, and end with exactly the data the old
/// release's nodes held (the SHA-256 of their canonical export, as that release printed it).
@Suite(.serialized) struct ReleaseHubSyncTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../SyncServerTests/Fixtures/release-2026-12").standardized

    static func read(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func shell(_ command: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test func nodesWithTheOldTokensSyncToTheDataTheOldNodesHeld() async throws {
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-old-hub-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: plain) }
        _ = try Self.shell("gzip -dc '\(Self.fixtures.appendingPathComponent("hub.sqlite.gz").path)' > '\(plain.path)'")
        try await HubFixture.with(hubFile: plain) { hub in
            var replicas: [Replica] = []
            for (node, role, scopes) in [("dn-sct", Role.province, ["dn"]), ("board", .board, [])] {
                let path = hub.directory.appendingPathComponent("\(node).sqlite").path
                let replica = try Replica.create(at: path, schema: .commendation, node: NodeID(node), role: role, scopes: scopes, durability: .normal)
                try replica.configureHub(url: hub.url.absoluteString, token: try Self.read(node == "board" ? "board.token" : "dn.token"))
                let report = try await hub.session(replica).sync()
                #expect(report.pulled.rejected == 0 && report.cursor == 36, "\(node)")
                #expect(try await replica.nodeState().counter == (node == "board" ? 2 : 4), "\(node) continues above the counters the hub saw")
                let export = hub.directory.appendingPathComponent("\(node).json")
                try replica.canonicalJSON().write(to: export)
                let digest = try Self.shell("sha256sum '\(export.path)'").prefix(64)
                #expect(digest == (try Self.read(node == "board" ? "board-export.sha256" : "dn-export.sha256")), "\(node)")
                replicas.append(replica)
            }
            // And it goes on: a new write of the province reaches the board.
            let (dn, board) = (replicas[0], replicas[1])
            try dn.write(LocalWrite(key: RecordKey(collection: "nominations", id: "dn-2025-0008"), operation: .update,
                                    values: ["achievements": .text("Sáng kiến cấp tỉnh")]))
            #expect(try await hub.session(dn).sync().pushed.applied == 1)
            #expect(try await hub.session(board).sync().pulled.applied == 1)
        }
    }
}
