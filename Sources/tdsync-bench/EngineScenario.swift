import Foundation
import Commendation
import SyncCore

/// The replica alone, no network: local writes in batches and one at a time, reading the change log
/// in pages, applying those pages to a board replica (new, then already known).
func measureEngine(sizes: Sizes, directory: URL) throws -> [Figure] {
    let count = sizes.count, batch = sizes.batch
    let province = try Replica.create(at: directory.appendingPathComponent("engine-hn.sqlite").path, schema: .commendation, node: NodeID("hn"),
                                      role: .province, scopes: ["hn"])
    var spent: UInt64 = 0
    for start in stride(from: 0, to: count, by: batch) {
        let writes = nominationWrites(start..<min(start + batch, count))
        let begin = now()
        _ = try province.write(writes)
        spent += now() - begin
    }
    var figures: [Figure] = [.rate(.engine, "engine.localWrites", "local writes, \(batch) per transaction", items: count,
                                   seconds: Double(spent) / 1e9)]
    let written = try liveCount(province)
    try check(written == count, "the province holds \(written) nominations, not \(count)")

    let single = min(sizes.singleWrites, count)
    let updates = (0..<single).map {
        LocalWrite(key: RecordKey(collection: "nominations", id: "n\($0)"), operation: .update, values: ["year": .integer(2024)])
    }
    let (_, singleSeconds) = try timed { for update in updates { _ = try province.write(update) } }
    figures.append(.rate(.engine, "engine.singleWrites", "local writes, 1 per transaction (fsync each)", items: single, seconds: singleSeconds))

    // Pages are read once timed (and dropped), then read again untimed for each apply, so a
    // million records never sit in memory at once.
    func forEachPage(_ body: ([RecordVersion]) throws -> Void) throws {
        var cursor: Int64 = 0
        while true {
            let page = try province.changes(after: cursor, limit: batch)
            try body(page.versions.filter { $0.key.collection == "nominations" })
            cursor = page.lastSeq
            if !page.hasMore { break }
        }
    }
    var read = 0
    let (_, readSeconds) = try timed { try forEachPage { read += $0.count } }
    try check(read == count, "the change log gave \(read) nominations, not \(count)")
    figures.append(.rate(.engine, "engine.changePages", "read change pages of \(batch)", items: count, seconds: readSeconds))

    let board = try Replica.create(at: directory.appendingPathComponent("engine-board.sqlite").path, schema: .commendation, node: NodeID("board"),
                                   role: .board, scopes: [])
    for (label, key, expected) in [("remote versions applied, \(batch) per batch", "engine.apply", ApplyOutcome.applied),
                                   ("remote versions re-applied (already known)", "engine.reapply", ApplyOutcome.alreadyKnown)] {
        var spent: UInt64 = 0, wrong = 0, example = ""
        try forEachPage { page in
            let begin = now()
            let results = try board.apply(page)
            spent += now() - begin
            for result in results where result.outcome != expected {
                wrong += 1
                if example.isEmpty { example = "\(result.key): \(result.outcome)" }
            }
        }
        try check(wrong == 0, "\(wrong) versions were not \(expected) at the board, e.g. \(example)")
        figures.append(.rate(.engine, key, label, items: count, seconds: Double(spent) / 1e9))
    }
    try checkSameNominations(province, board, count: count)
    try board.close()
    figures.append(Figure(scenario: .engine, key: "engine.boardBytesPerRecord", name: "board replica on disk per record (typed row, search, sync state)",
                          value: Double(fileBytes(board.path)) / Double(count), unit: .bytesPerRecord, items: count))
    return figures
}
