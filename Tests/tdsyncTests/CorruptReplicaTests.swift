import Foundation
import Testing

/// Corrupt and truncated replica files, fed to the real CLI: every command either works or
/// fails with `replica_unusable`/`storage_failure` naming the file — never a crash — and a
/// structural corruption (truncation, a zeroed page, a broken header) never passes for a good
/// replica with less data. `TDSYNC_CORRUPT_VARIANTS` sets how many files (default 24),
/// `TDSYNC_CORRUPT_SEED` replays a run.
@Suite(.serialized) struct CorruptReplicaTests {
    static let variantCount = ProcessInfo.processInfo.environment["TDSYNC_CORRUPT_VARIANTS"].flatMap(Int.init) ?? 24
    static let seed = ProcessInfo.processInfo.environment["TDSYNC_CORRUPT_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)
    static let pageSize = 4_096

    enum Damage: CustomStringConvertible {
        case truncated(at: Int), zeroedPage(Int), header([Int: UInt8]), bytes([Int: UInt8]), garbageWAL([UInt8]), appended([UInt8])

        /// Whether the damage takes data away or breaks the file's structure, so that a command
        /// that succeeds must still show everything (a byte changed inside a value cannot be
        /// told from a write: SQLite keeps no checksums).
        var isStructural: Bool {
            switch self {
            case .truncated, .zeroedPage, .header: true
            case .bytes, .garbageWAL, .appended: false
            }
        }

        var description: String {
            switch self {
            case .truncated(let at): "truncated at \(at)"
            case .zeroedPage(let page): "page \(page) zeroed"
            case .header(let bytes): "\(bytes.count) header bytes overwritten"
            case .bytes(let bytes): "\(bytes.count) bytes overwritten"
            case .garbageWAL(let bytes): "a garbage -wal file of \(bytes.count) bytes"
            case .appended(let bytes): "\(bytes.count) bytes appended"
            }
        }
    }

    @Test func corruptOrTruncatedReplicasGiveAClearErrorAndNeverACrash() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let good = box.path("good.db")
        try runOK(["init", "--db", good, "--node", "hn-office", "--scope", "hn"])
        for i in 0..<12 {
            try runOK(["nomination", "add", "--db", good, "--nominee", "Nguyễn Thị Hoa \(i)", "--kind", "individual",
                       "--year", "2025", "--title", "CSTDCS", "--achievements", String(repeating: "Hoàn thành xuất sắc nhiệm vụ. ", count: 40)])
        }
        #expect(try runOK(["check", "--db", good]).hasPrefix("ok"))
        let original = try runOK(["export", "--db", good])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let wal = FileManager.default.fileExists(atPath: good + "-wal") ? try Data(contentsOf: URL(fileURLWithPath: good + "-wal")) : Data()
        #expect(wal.isEmpty, "the replica's data must all be in the main file before it is damaged")

        var rng = SeededGenerator(seed: Self.seed)
        var silent = 0, refused = 0
        for index in 0..<Self.variantCount {
            let damage = Self.damage(size: bytes.count, rng: &rng)
            let path = box.path("v\(index).db")
            var damaged = bytes
            switch damage {
            case .truncated(let at): damaged = bytes.prefix(at)
            case .zeroedPage(let page): damaged.replaceSubrange(page * Self.pageSize..<min(bytes.count, (page + 1) * Self.pageSize), with: Data(count: min(Self.pageSize, bytes.count - page * Self.pageSize)))
            case .header(let changes), .bytes(let changes): for (at, byte) in changes { damaged[at] = byte }
            case .garbageWAL(let garbage): try Data(garbage).write(to: URL(fileURLWithPath: path + "-wal"))
            case .appended(let garbage): damaged.append(contentsOf: garbage)
            }
            try damaged.write(to: URL(fileURLWithPath: path))
            let label = "variant \(index) (\(damage)), seed \(Self.seed)"
            var exported: String?
            for command in [["export"], ["check"], ["status"], ["nomination", "list"],
                            ["nomination", "add", "--nominee", "Lê Văn Tâm", "--kind", "individual", "--year", "2025", "--title", "CSTDCS"]] {
                let result = try runTdsync(command + ["--db", path])
                #expect(result.exitCode < 128, "\(label): tdsync \(command.joined(separator: " ")) crashed (\(result.exitCode)): \(result.stderr)")
                #expect([0, 6, 7].contains(result.exitCode), "\(label): \(command.joined(separator: " ")) exited \(result.exitCode): \(result.stderr)")
                if result.exitCode != 0 {
                    #expect(result.stderr.hasPrefix("error: replica_unusable: ") || result.stderr.hasPrefix("error: storage_failure: "), "\(label): \(result.stderr)")
                    #expect(result.stderr.contains(path), "\(label): the error does not name the file: \(result.stderr)")
                    if command == ["check"] { refused += 1 }
                } else if command == ["export"] {
                    exported = result.stdout
                }
            }
            guard let exported, exported != original else { continue }
            // The replica read back with different data and nothing said so.
            #expect(!damage.isStructural, "\(label): exported different data without an error")
            silent += 1
        }
        print("corrupt replicas: \(Self.variantCount) variants, seed \(Self.seed): \(refused) refused by check, \(silent) read back changed without an error (bytes changed inside values)")
    }

    static func damage(size: Int, rng: inout SeededGenerator) -> Damage {
        let pages = size / pageSize
        func randomBytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let cuts = [0, 1, 99, 100, 1_024, pageSize, size / 2, size - pageSize, size - 1, Int.random(in: 1..<size, using: &rng)]
            return .truncated(at: cuts.randomElement(using: &rng)!)
        case 1: return .zeroedPage(Int.random(in: 0..<pages, using: &rng))
        case 2: return .header(Dictionary((0..<Int.random(in: 1...8, using: &rng)).map { _ in (Int.random(in: 0..<100, using: &rng), UInt8.random(in: 0...255, using: &rng)) }, uniquingKeysWith: { a, _ in a }))
        case 3: return .bytes(Dictionary((0..<Int.random(in: 1...64, using: &rng)).map { _ in (Int.random(in: 100..<size, using: &rng), UInt8.random(in: 0...255, using: &rng)) }, uniquingKeysWith: { a, _ in a }))
        case 4: return .garbageWAL(randomBytes(Int.random(in: 32...65_536, using: &rng)))
        default: return .appended(randomBytes(Int.random(in: 1...10_000, using: &rng)))
        }
    }
}
