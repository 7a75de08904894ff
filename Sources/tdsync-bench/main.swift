import Foundation
import GRDB
import SyncCore

// tdsync-bench: replica throughput against a raw prepared-statement SQLite insert of the same rows,
// measured in the same run. Usage: swift run -c release tdsync-bench [--count N] [--batch N] [--json FILE]

struct Options {
    var count = 100_000
    var batch = 1_000
    var jsonPath: String? = nil

    init(_ arguments: [String]) throws {
        var it = arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--count": count = try Self.int(it.next(), arg)
            case "--batch": batch = try Self.int(it.next(), arg)
            case "--json": jsonPath = it.next()
            case "-h", "--help":
                print("usage: tdsync-bench [--count N (default 100000)] [--batch N (default 1000)] [--json FILE]")
                exit(0)
            default: throw BenchError("unknown argument '\(arg)'; try --help")
            }
        }
    }

    static func int(_ text: String?, _ flag: String) throws -> Int {
        guard let text, let n = Int(text), n > 0 else { throw BenchError("\(flag) needs a positive integer") }
        return n
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// One measured scenario.
struct Measurement: Codable {
    let name: String
    let items: Int
    let seconds: Double
    var perSecond: Double { Double(items) / seconds }
    var ratioToRaw: Double? = nil
}

func measure(_ name: String, items: Int, _ body: () throws -> Void) rethrows -> Measurement {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return Measurement(name: name, items: items, seconds: seconds)
}

/// The same nominations for every scenario.
func nominationWrites(_ count: Int) -> [LocalWrite] {
    let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
    return (0..<count).map { i in
        LocalWrite(key: RecordKey(collection: "nominations", id: "n\(i)"), operation: .create(scope: "hn"), values: [
            "nominee_name": .text(names[i % names.count] + " \(i)"),
            "nominee_kind": .text("individual"),
            "unit_id": .text("u\(i % 300)"),
            "title_code": .text("CSTDCS"),
            "campaign_id": .text("c2025"),
            "year": .integer(2025),
            "achievements": .text("Hoàn thành xuất sắc nhiệm vụ năm 2025, có sáng kiến được công nhận cấp cơ sở."),
            "status": .text("submitted"),
        ])
    }
}

func rawInsert(_ writes: [LocalWrite], path: String, batch: Int) throws -> Measurement {
    let pool = try DatabasePool(path: path)
    try pool.write { db in
        try db.execute(sql: """
            CREATE TABLE nominations (id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, nominee_name TEXT, nominee_kind TEXT,
              unit_id TEXT, title_code TEXT, campaign_id TEXT, year INTEGER, achievements TEXT, status TEXT)
            """)
    }
    let columns = ["nominee_name", "nominee_kind", "unit_id", "title_code", "campaign_id", "year", "achievements", "status"]
    return try measure("raw prepared INSERT (GRDB)", items: writes.count) {
        for chunk in stride(from: 0, to: writes.count, by: batch) {
            try pool.write { db in
                let statement = try db.makeStatement(sql: "INSERT INTO nominations VALUES (?,?,?,?,?,?,?,?,?,?)")
                for write in writes[chunk..<min(chunk + batch, writes.count)] {
                    var args: [(any DatabaseValueConvertible)?] = [write.key.id, "hn"]
                    for column in columns {
                        switch write.values[column] {
                        case .text(let s): args.append(s)
                        case .integer(let n): args.append(n)
                        default: args.append(nil)
                        }
                    }
                    try statement.execute(arguments: StatementArguments(args))
                }
            }
        }
    }
}

func run() async throws {
    let options = try Options(CommandLine.arguments)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let writes = nominationWrites(options.count)
    var results: [Measurement] = []

    let raw = try rawInsert(writes, path: dir.appendingPathComponent("raw.sqlite").path, batch: options.batch)
    results.append(raw)

    let province = try Replica.create(at: dir.appendingPathComponent("hn.sqlite").path, node: NodeID("hn"), role: .province, scopes: ["hn"])
    results.append(try measure("local writes, \(options.batch) per transaction", items: writes.count) {
        for chunk in stride(from: 0, to: writes.count, by: options.batch) {
            try province.write(Array(writes[chunk..<min(chunk + options.batch, writes.count)]))
        }
    })
    let single = min(2_000, writes.count)
    let updates = (0..<single).map { LocalWrite(key: RecordKey(collection: "nominations", id: "n\($0)"), operation: .update, values: ["year": .integer(2024)]) }
    results.append(try measure("local writes, 1 per transaction (fsync each)", items: single) {
        for update in updates { try province.write(update) }
    })

    var pages: [[RecordVersion]] = []
    results.append(try measure("read change pages of \(options.batch)", items: writes.count) {
        var cursor: Int64 = 0
        while true {
            let page = try province.changes(after: cursor, limit: options.batch)
            pages.append(page.versions.filter { $0.key.collection == "nominations" })
            cursor = page.lastSeq
            if !page.hasMore { break }
        }
    })
    let board = try Replica.create(at: dir.appendingPathComponent("board.sqlite").path, node: NodeID("board"), role: .board, scopes: [])
    results.append(try measure("remote versions applied, \(options.batch) per batch", items: writes.count) {
        for page in pages { _ = try board.apply(page) }
    })
    results.append(try measure("remote versions re-applied (already known)", items: writes.count) {
        for page in pages { _ = try board.apply(page) }
    })

    if ProcessInfo.processInfo.environment["BENCH_NO_SYNC"] == nil {
        results += try await measureSync(writes, directory: dir, batch: options.batch)
    }
    results = results.map { var m = $0; m.ratioToRaw = m.perSecond / raw.perSecond; return m }
    print("tdsync-bench: \(options.count) nominations, release=\(isRelease)")
    print(pad("scenario", 48) + pad("items", 10, left: true) + pad("seconds", 10, left: true) + pad("items/s", 12, left: true) + pad("× raw", 9, left: true))
    for m in results {
        print(pad(m.name, 48) + pad("\(m.items)", 10, left: true) + pad(String(format: "%.3f", m.seconds), 10, left: true)
              + pad(String(format: "%.0f", m.perSecond), 12, left: true) + pad(String(format: "%.3f", m.ratioToRaw ?? 0), 9, left: true))
    }
    if let path = options.jsonPath {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(results).write(to: URL(fileURLWithPath: path))
    }
}

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - s.count))
    return left ? padding + s : s + padding
}

#if DEBUG
let isRelease = false
#else
let isRelease = true
#endif

do { try await run() } catch {
    FileHandle.standardError.write(Data("tdsync-bench: \(error)\n".utf8))
    exit(1)
}
