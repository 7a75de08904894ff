import Foundation

/// A throw-away PostgreSQL cluster for the backends scenario: `scripts/pg-temp.sh` on a free
/// loopback port, with PostgreSQL's default settings (fsync and synchronous_commit on: the
/// benchmark measures a durable hub, as it does on SQLite), stopped and deleted at the end.
final class TemporaryPostgres {
    let port: Int
    /// PostgreSQL's programs (initdb, createdb, psql…).
    let binaries: String
    private let script: String
    private let directory: String
    private var running = true

    /// Why PostgreSQL cannot run here, or nil when it can.
    static func missing() -> String? {
        guard projectItem("scripts/pg-temp.sh") != nil else {
            return "scripts/pg-temp.sh not found (run tdsync-bench from the project's directory)"
        }
        return binaryDirectory() == nil ? "PostgreSQL is not installed (apt-get install postgresql)" : nil
    }

    /// Starts a cluster on a random free port (five tries). The cluster also stops, and its
    /// directory goes, when this process exits without stopping it (`PG_TEMP_WATCH_PID`).
    init() throws {
        guard let script = projectItem("scripts/pg-temp.sh")?.path, let binaries = Self.binaryDirectory() else {
            throw BenchError(Self.missing() ?? "PostgreSQL cannot run here")
        }
        self.script = script
        self.binaries = binaries
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-bench-pg-\(UUID().uuidString.prefix(8))").path
        var lastError: (any Error)? = nil
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            do {
                _ = try runProgram(script, ["start", directory, String(port)],
                                   environment: ["PG_TEMP_WATCH_PID": String(ProcessInfo.processInfo.processIdentifier)])
                self.port = port
                return
            } catch {
                lastError = error
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        throw lastError ?? BenchError("PostgreSQL did not start")
    }

    /// A new, empty database (UTF-8): its URL for `PostgresHubConfiguration`.
    func createDatabase(_ name: String) throws -> String {
        _ = try runProgram("\(binaries)/createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-E", "UTF8", name])
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// A server setting as `SHOW` reports it (to print what the run actually had).
    func setting(_ name: String) throws -> String {
        try runProgram("\(binaries)/psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-At", "-c", "SHOW \(name)", "postgres"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The CPU seconds the server has used so far: the postmaster and every backend and worker
    /// it started, those gone included.
    func serverCPUSeconds() throws -> Double {
        let pidFile = (try? String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8)) ?? ""
        guard let line = pidFile.split(separator: "\n").first, let pid = Int32(line) else {
            throw BenchError("cannot read the PostgreSQL server's pid from \(directory)/data/postmaster.pid")
        }
        return ProcessCPU.tree(pid)
    }

    /// Stops the server and deletes its directory.
    func stop() {
        guard running else { return }
        running = false
        _ = try? runProgram(script, ["stop", directory])
        try? FileManager.default.removeItem(atPath: directory)
    }

    deinit { stop() }

    /// The newest `/usr/lib/postgresql/VERSION/bin` that holds initdb (Debian's layout).
    private static func binaryDirectory() -> String? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { "/usr/lib/postgresql/\($0)/bin" }
            .first { FileManager.default.isExecutableFile(atPath: "\($0)/initdb") }
    }
}

/// Runs a program to its end and returns its standard output; fails with its standard error.
/// Both go through files, not pipes: a server the program starts could inherit a pipe's write
/// end and keep it open for ever.
func runProgram(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-bench-run-\(UUID().uuidString.prefix(8))").path
    let (outPath, errPath) = (base + ".out", base + ".err")
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let (out, err) = (FileHandle(forWritingAtPath: outPath), FileHandle(forWritingAtPath: errPath))
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try? out?.close()
    try? err?.close()
    let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else {
        let errors = ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        throw BenchError("\(program) \(arguments.joined(separator: " ")) failed (exit \(process.terminationStatus)): \(errors.suffix(1_000))")
    }
    return output
}
