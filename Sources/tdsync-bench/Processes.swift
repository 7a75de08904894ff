import Foundation
import Commendation
import SyncCore
import SyncServer

/// This executable's absolute path (workers are this binary re-executed).
func benchExecutable() -> String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
    return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
}

/// The `tdsync` binary: `$TDSYNC_BINARY`, else next to this benchmark's binary; nil when missing.
func tdsyncExecutable() -> String? {
    if let path = ProcessInfo.processInfo.environment["TDSYNC_BINARY"], FileManager.default.isExecutableFile(atPath: path) {
        return path
    }
    let sibling = URL(fileURLWithPath: benchExecutable()).deletingLastPathComponent().appendingPathComponent("tdsync").path
    return FileManager.default.isExecutableFile(atPath: sibling) ? sibling : nil
}

/// Registers nodes in a hub data directory before its hub process starts; returns their tokens.
/// The store is closed when this returns, so only the hub process holds the file afterwards.
func registerNodes(directory: String, _ nodes: [(id: String, role: Role, scopes: [String])]) async throws -> [String: String] {
    let store = try SQLiteHubStore(directory: directory, schema: .commendation, logger: quietLogger)
    var tokens: [String: String] = [:]
    for node in nodes {
        tokens[node.id] = try await store.registerNode(NodeID(node.id), role: node.role, scopes: node.role == .board ? [] : node.scopes)
    }
    return tokens
}

/// A hub in its own process: `tdsync serve` (or, when no tdsync binary is found, this benchmark
/// re-executed as `--worker hub`, which serves the same hub the same way).
final class HubProcess {
    let process: Process
    let url: String
    /// What ran: "tdsync serve" or "tdsync-bench --worker hub".
    let kind: String
    private let logPath: String

    init(dataDirectory: String, logDirectory: URL, name: String) throws {
        let out = logDirectory.appendingPathComponent("\(name).out").path
        let err = logDirectory.appendingPathComponent("\(name).err").path
        logPath = err
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let process = Process()
        if let tdsync = tdsyncExecutable() {
            process.executableURL = URL(fileURLWithPath: tdsync)
            process.arguments = ["serve", "--data", dataDirectory, "--port", "0", "--host", "127.0.0.1", "--log-level", "error"]
            kind = "tdsync serve"
        } else {
            process.executableURL = URL(fileURLWithPath: benchExecutable())
            process.arguments = ["--worker", "hub", "--data", dataDirectory]
            kind = "tdsync-bench --worker hub (no tdsync binary next to the benchmark)"
        }
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        log("hub process: \(process.executableURL?.path ?? "?") \((process.arguments ?? []).joined(separator: " "))")
        try process.run()
        self.process = process
        // The hub prints "tdsync hub listening on http://HOST:PORT" once it listens.
        let deadline = now() + 60_000_000_000
        var found: String? = nil
        while found == nil {
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on ") {
                let rest = text[range.upperBound...]
                let line = rest.prefix { !$0.isWhitespace }
                if rest.contains("\n") { found = String(line) }
            }
            if found == nil {
                guard process.isRunning else {
                    throw BenchError("the hub process exited (\(process.terminationStatus)) before listening: \(Self.tail(err))")
                }
                guard now() < deadline else {
                    process.terminate()
                    throw BenchError("the hub process did not announce its URL within 60 s")
                }
                usleep(10_000)
            }
        }
        url = found!
    }

    var pid: Int32 { process.processIdentifier }

    /// The hub's peak RSS so far, in MB.
    func peakMB() throws -> Double {
        guard let kb = peakRSSKB(pid: pid) else { throw BenchError("cannot read VmHWM of the hub process \(pid)") }
        return Double(kb) / 1024
    }

    /// SIGKILL at once: every open connection is reset, so clients fail now rather than later.
    func kill() {
        guard process.isRunning else { return }
        sendSignal(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits for the exit (SIGKILL after 10 s).
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = now() + 10_000_000_000
        while process.isRunning && now() < deadline { usleep(5_000) }
        if process.isRunning { sendSignal(pid, SIGKILL) }
        process.waitUntilExit()
    }

    static func tail(_ path: String) -> String {
        String(((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").suffix(2_000))
    }

    deinit { stop() }
}

private func sendSignal(_ pid: Int32, _ signal: Int32) { _ = kill(pid, signal) }

/// What a worker process reports back (as JSON in a file).
struct WorkerResult: Codable, Sendable {
    var seconds: Double = 0
    /// A second timed phase, when the worker has one.
    var secondSeconds: Double = 0
    var count = 0
    var secondCount = 0
    var peakRSSKB = 0
}

/// Runs this benchmark as `--worker NAME ARGS…` and returns its result; fails if it fails.
func runWorker(_ name: String, _ arguments: [String: String], directory: URL) throws -> WorkerResult {
    let out = directory.appendingPathComponent("worker-\(name).json").path
    let err = directory.appendingPathComponent("worker-\(name).err").path
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: benchExecutable())
    process.arguments = ["--worker", name, "--out", out] + arguments.sorted { $0.key < $1.key }.flatMap { ["--\($0.key)", $0.value] }
    process.standardError = FileHandle(forWritingAtPath: err)
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchError("worker \(name) failed (exit \(process.terminationStatus)): \(HubProcess.tail(err))")
    }
    return try JSONDecoder().decode(WorkerResult.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
}

/// The arguments of a worker: `--key value` pairs after `--worker NAME`.
struct WorkerArguments {
    let name: String
    let values: [String: String]

    init(_ arguments: [String]) throws {
        guard arguments.count >= 3, arguments[1] == "--worker" else { throw BenchError("usage: --worker NAME [--key value]…") }
        name = arguments[2]
        var values: [String: String] = [:]
        var it = arguments.dropFirst(3).makeIterator()
        while let key = it.next() {
            guard key.hasPrefix("--"), let value = it.next() else { throw BenchError("worker argument '\(key)' needs a value") }
            values[String(key.dropFirst(2))] = value
        }
        self.values = values
    }

    func string(_ key: String) throws -> String {
        guard let value = values[key] else { throw BenchError("worker \(name) needs --\(key)") }
        return value
    }

    func int(_ key: String) throws -> Int {
        guard let value = Int(try string(key)) else { throw BenchError("worker \(name): --\(key) must be an integer") }
        return value
    }

    func finish(_ result: WorkerResult) throws {
        var result = result
        result.peakRSSKB = peakRSSKB() ?? 0
        try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: try string("out")))
    }
}
