import Foundation

/// A throw-away PostgreSQL cluster for this test process: started on first use on a free
/// loopback port, as an unprivileged user, in a temporary directory (`scripts/pg-temp.sh`), and
/// stopped and deleted when the process exits. Each hub gets a database of its own.
public actor PostgresServer {
    /// The cluster of this test process.
    public static let shared = PostgresServer()

    private var started: Task<Int, any Error>?
    private var databases = 0

    /// A new, empty database: its URL.
    public func newDatabase() async throws -> String {
        let port = try await start()
        databases += 1
        let name = "hub_\(ProcessInfo.processInfo.processIdentifier)_\(databases)"
        try Self.run(Self.binary("createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-E", "UTF8", name])
        return "postgres://postgres@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Drops the database of `url` at once, closing its connections (a database gone from under a hub).
    public func dropDatabase(_ url: String) async throws {
        let port = try await start()
        guard let name = URLComponents(string: url)?.path.dropFirst() else { return }
        try Self.run(Self.binary("dropdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "--force", String(name)])
    }

    /// Runs `statement` with psql in the database of `url`.
    public func execute(_ statement: String, in url: String) async throws {
        let port = try await start()
        guard let name = URLComponents(string: url)?.path.dropFirst() else { return }
        try Self.run(Self.binary("psql"), ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", String(name), "-v", "ON_ERROR_STOP=1", "-c", statement])
    }

    private func start() async throws -> Int {
        if let started { return try await started.value }
        let task = Task { try Self.startCluster() }
        started = task
        return try await task.value
    }

    private static func startCluster() throws -> Int {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/pg-temp.sh").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-pg-\(UUID().uuidString.prefix(8))").path
        var lastError: (any Error)?
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            do {
                try run(script, ["start", directory, String(port), "-c", "max_connections=300", "-c", "fsync=off"],
                        environment: ["PG_TEMP_WATCH_PID": String(ProcessInfo.processInfo.processIdentifier)])
                return port
            } catch let error as PostgresMissing {
                throw error
            } catch {
                lastError = error
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        throw lastError ?? PostgresMissing(detail: "could not start")
    }

    /// A PostgreSQL program from Debian's `postgresql` package.
    static func binary(_ name: String) throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { $0.compare($1, options: .numeric) == .orderedDescending }) {
            let path = "/usr/lib/postgresql/\(version)/bin/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw PostgresMissing(detail: "\(name) not found under /usr/lib/postgresql/*/bin")
    }

    private static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        // Errors go to a file, not a pipe: a server the program starts could inherit a pipe's
        // write end and hold it open for ever.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-pg-\(UUID().uuidString.prefix(8)).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try? errors.close()
        let message = (try? Data(contentsOf: errorFile)) ?? Data()
        if process.terminationStatus == 3 { throw PostgresMissing(detail: String(decoding: message, as: UTF8.self)) }
        guard process.terminationStatus == 0 else {
            throw PostgresFailed(command: "\(program) \(arguments.joined(separator: " "))", output: String(decoding: message, as: UTF8.self))
        }
    }
}

/// PostgreSQL is not installed: the PostgreSQL tests fail with this, loudly.
public struct PostgresMissing: Error, CustomStringConvertible {
    let detail: String
    public var description: String {
        """
        PostgreSQL is not installed, so the hub's PostgreSQL backend cannot be tested (\(detail.trimmingCharacters(in: .whitespacesAndNewlines))). \
        Install Debian's server package (apt-get install postgresql), or set TDSYNC_SKIP_POSTGRES=1 to run the SQLite half only.
        """
    }
}

public struct PostgresFailed: Error, CustomStringConvertible {
    public let command: String
    public let output: String
    public init(command: String, output: String) { self.command = command; self.output = output }
    public var description: String { "\(command) failed: \(output)" }
}
