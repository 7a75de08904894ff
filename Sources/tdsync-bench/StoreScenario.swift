import Foundation
import Commendation
import SyncCore
import SyncServer

/// The hub's SQLite store alone, no HTTP: a province's outbox decoded as the hub decodes a push,
/// then pushed into the store batch by batch (new versions, then the same again, already known),
/// and read back as a board's pull pages. Write rules, validation and durability are all in.
func measureStore(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let count = sizes.count, batch = sizes.batch
    let dir = directory.appendingPathComponent("store")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let store = try SQLiteHubStore(directory: dir.appendingPathComponent("hub").path, schema: .commendation, logger: quietLogger)
    let (province, _) = try await makeNode("hn-office", .province, ["hn"], store: store, directory: dir)
    _ = try await store.registerNode(NodeID("board"), role: .board, scopes: [])
    try writeNominations(province, 0..<count, batch: batch)
    let nodes = try await store.nodes()
    guard let pusher = nodes.first(where: { $0.id.rawValue == "hn-office" }), let board = nodes.first(where: { $0.id.rawValue == "board" }) else {
        throw BenchError("the store lost its registered nodes")
    }
    // The pushes as the hub receives them: the outbox's wire JSON, decoded as a push body.
    var bodies: [[UInt8]] = []
    var after: Int64 = 0
    while true {
        let page = try province.encodedOutbox(after: after, limit: batch)
        if page.count == 0 { break }
        bodies.append(Array(#"{"versions":"#.utf8) + page.json + Array("}".utf8))
        after = page.seqs.last ?? after
    }
    var decodeSpent: UInt64 = 0
    var pushes: [[Result<RecordVersion, SyncError>]] = []
    for body in bodies {
        let begin = now()
        pushes.append(try WireMessages.decodePush(body))
        decodeSpent += now() - begin
    }
    var figures: [Figure] = [.rate(.store, "store.decodePush", "push bodies decoded (JSON → versions)", items: count, seconds: Double(decodeSpent) / 1e9)]
    for (label, key, expected) in [("hub store: pushes applied, \(batch) per push", "store.push", ApplyOutcome.applied),
                                   ("hub store: the same pushes again (already known)", "store.repush", ApplyOutcome.alreadyKnown)] {
        var spent: UInt64 = 0, wrong = 0, example = ""
        for push in pushes {
            let begin = now()
            let response = try await store.push(push, from: pusher)
            spent += now() - begin
            for result in response.results where result.outcome != expected {
                wrong += 1
                if example.isEmpty { example = "\(result.key): \(result.outcome)" }
            }
        }
        try check(wrong == 0, "\(wrong) pushed versions were not \(expected), e.g. \(example)")
        let seconds = Double(spent) / 1e9
        figures.append(.rate(.store, key, label, items: count, seconds: seconds, note: String(format: "%.1f µs per record", seconds * 1e6 / Double(count))))
    }
    var read = 0, cursor: Int64 = 0
    let (_, pullSeconds) = try await timed {
        while true {
            let page = try await store.pull(after: cursor, for: board, limit: batch, includeOwn: false)
            read += page.keys.filter { $0.collection == "nominations" }.count
            cursor = page.lastSeq
            if !page.hasMore { break }
        }
    }
    try check(read == count, "the board's pages held \(read) nominations, not \(count)")
    await store.close()
    let hubFile = dir.appendingPathComponent("hub/hub.sqlite").path
    figures.append(Figure(scenario: .store, key: "store.bytesPerRecord", name: "hub store on disk per record (sync state, indexes, registry)",
                          value: Double(fileBytes(hubFile)) / Double(count), unit: .bytesPerRecord, items: count))
    figures.append(.rate(.store, "store.pull", "hub store: pull pages read, \(batch) per page", items: count, seconds: pullSeconds,
                         note: String(format: "%.1f µs per record", pullSeconds * 1e6 / Double(count))))
    try await province.close()
    return figures
}
