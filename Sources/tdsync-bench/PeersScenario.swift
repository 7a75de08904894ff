import Foundation

// Optional peers, side by side in the same run: PostgreSQL logical replication between two local
// clusters, SQLite's session extension (apsw), Kinto. Each is a small driver in Benchmarks/peers
// that moves the same nomination rows the raw baseline inserts and prints one JSON line; a peer
// that is not installed here is skipped with a note saying how to install it.

/// What one driver printed.
private struct PeerAnswer: Decodable {
    struct Timed: Decodable {
        let key, name: String
        let records: Int
        let seconds: Double
        let timed: String
    }
    let peer: String
    let figures: [Timed]?
    let version: String?
    let skipped: String?
}

/// The peers' drivers, in the order they run.
private let peerDrivers = ["sqlite_session.py", "pg_logical.py", "kinto_peer.py"]

/// Runs every peer on `min(count, 10 000)` rows (the size the reference figures use);
/// returns their figures and a note per peer skipped.
func measurePeers(sizes: Sizes, directory: URL) throws -> (figures: [Figure], notes: [String]) {
    guard let scripts = projectItem("Benchmarks/peers/common.py")?.deletingLastPathComponent() else {
        return ([], ["peers: skipped — Benchmarks/peers not found (run tdsync-bench from the project's directory)"])
    }
    let dir = directory.appendingPathComponent("peers")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let count = min(sizes.count, 10_000)
    let rowsFile = dir.appendingPathComponent("rows.jsonl")
    try writeRows(count: count, to: rowsFile)

    var figures: [Figure] = [], notes: [String] = []
    for driver in peerDrivers {
        let work = dir.appendingPathComponent(driver.replacingOccurrences(of: ".py", with: ""))
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let answer = try runPeer(scripts.appendingPathComponent(driver), ["--rows", rowsFile.path, "--dir", work.path, "--batch", "\(sizes.batch)"])
        if let reason = answer.skipped {
            notes.append("peer \(answer.peer): skipped — \(reason)")
            continue
        }
        for (i, timed) in (answer.figures ?? []).enumerated() {
            let version = i == 0 ? answer.version.map { "; \($0)" } ?? "" : ""
            figures.append(.rate(.peers, timed.key, "peer \(timed.name)", items: timed.records, seconds: timed.seconds, note: timed.timed + version))
        }
    }
    return (figures, notes)
}

/// The rows of the raw baseline, one JSON object per line, in `common.py`'s column names (a field
/// a row leaves out is absent).
private func writeRows(count: Int, to file: URL) throws {
    var out = Data()
    for row in rawRows(0..<count) {
        var object: [String: Any] = ["id": row.id, "scope": row.scope, "year": Int(row.year)]
        for (column, text) in zip(rawTextColumns, row.texts) { if let text { object[column] = text } }
        out += try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        out.append(0x0A)
    }
    try out.write(to: file)
}

/// Runs a driver with python3; its last line of output is its answer.
private func runPeer(_ script: URL, _ arguments: [String]) throws -> PeerAnswer {
    let name = script.deletingPathExtension().lastPathComponent
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    do { try process.run() } catch {
        return PeerAnswer(peer: name, figures: nil, version: nil, skipped: "python3 cannot be started (\(error))")
    }
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let lastLine = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    guard process.terminationStatus == 0, let answer = try? JSONDecoder().decode(PeerAnswer.self, from: Data(lastLine.utf8)) else {
        // A peer that is present but fails is reported, not fatal: the peers are not ours to fix.
        let why = String(decoding: stderr, as: UTF8.self).split(separator: "\n").suffix(3).joined(separator: " / ")
        return PeerAnswer(peer: name, figures: nil, version: nil, skipped: "failed (exit \(process.terminationStatus)): \(why.prefix(300))")
    }
    return answer
}
