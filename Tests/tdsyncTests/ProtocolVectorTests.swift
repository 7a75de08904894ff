import Foundation
import Testing

/// protocol.md §11's test vector, recomputed: fresh replicas made as the paragraph says export
/// exactly the size and SHA-256 it states. When the seeded data or the export's encoding change,
/// this fails until the text is updated, so the vector cannot go stale.
@Suite struct ProtocolVectorTests {
    /// The size and digest §11 states, read from the text at test time.
    static func statedVector() throws -> (size: Int, sha256: String) {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("protocol.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## 11. The canonical export").map { text[$0.upperBound...] })
        let paragraph = try #require(section.range(of: "Test vector:").map { section[$0.lowerBound...].prefix { $0 != "#" } })
        let match = try #require(paragraph.firstMatch(of: /is\s+([0-9][0-9 ,]*[0-9])\s+bytes\s+with\s+SHA-256\s+`([0-9a-f]{64})`/),
                                 "§11 states no 'is N bytes with SHA-256 `…`'")
        let size = try #require(Int(match.1.filter(\.isNumber)))
        return (size, String(match.2))
    }

    /// The size and SHA-256 (by `sha256sum`) of `file`.
    static func measured(_ file: String) throws -> (size: Int, sha256: String) {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let process = Process(), output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [file]
        process.standardOutput = output
        try process.run()
        let digest = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (size, String(digest.prefix(64)))
    }

    @Test func freshReplicasExportTheVectorOfSection11() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let stated = try Self.statedVector()
        // The paragraph's own commands, and other identities: the vector holds "whatever its node
        // id, role and scopes".
        let identities = [["--node", "any", "--scope", "hn"], ["--node", "board", "--role", "board"],
                          ["--node", "pt-office", "--scope", "pt", "--scope", "vinh-phuc"]]
        for (index, identity) in identities.enumerated() {
            let db = sandbox.path("x\(index).sqlite"), export = sandbox.path("x\(index).json")
            try runOK(["init", "--db", db] + identity)
            try runOK(["export", "--db", db, "--output", export])
            let stdout = try runOK(["export", "--db", db])
            #expect(Data(stdout.utf8) == (try Data(contentsOf: URL(fileURLWithPath: export))), "stdout and --output give the same bytes")
            let actual = try Self.measured(export)
            #expect(actual.size == stated.size, "§11 says \(stated.size) bytes; a fresh replica (\(identity.joined(separator: " "))) exports \(actual.size)")
            #expect(actual.sha256 == stated.sha256, "§11 says SHA-256 \(stated.sha256); a fresh replica (\(identity.joined(separator: " "))) exports \(actual.sha256)")
        }
    }
}
