import ArgumentParser
import Foundation
import Logging
import Commendation
import SyncCore
import SyncServer

/// Where the hub keeps its data: `--data DIR` (SQLite, the default) or `--database URL`
/// (PostgreSQL, shared by several hub instances). Shared by `serve` and `hub …`.
struct HubStoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The hub's data directory, for the embedded SQLite store.", valueName: "dir"))
    var data: String?

    @Option(help: ArgumentHelp("""
        A PostgreSQL database instead of --data: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require] \
        (default: $TDSYNC_DATABASE_URL when --data is not given). Several hubs may serve from one database.
        """, valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("PostgreSQL: the most connections this hub opens (one of them listens for other instances' changes).", valueName: "n"))
    var dbPool = 20

    @Option(help: ArgumentHelp("PostgreSQL: seconds a statement may run, or wait for a lock, before it is cancelled; a request waits for the database at most this plus 5 s.", valueName: "s"))
    var dbStatementTimeout = 30

    /// The database URL to use: `--database`, else `$TDSYNC_DATABASE_URL` when `--data` is absent.
    var databaseURL: String? {
        database ?? (data == nil ? ProcessInfo.processInfo.environment["TDSYNC_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } : nil)
    }

    func validate() throws {
        guard data == nil || database == nil else { throw ValidationError("give --data (SQLite) or --database (PostgreSQL), not both.") }
        guard data != nil || databaseURL != nil else {
            throw ValidationError("give --data DIR (SQLite) or --database postgres://… (PostgreSQL, or set TDSYNC_DATABASE_URL).")
        }
        guard (1...1_000).contains(dbPool) else { throw ValidationError("--db-pool must be 1…1000, not \(dbPool).") }
        guard (1...86_400).contains(dbStatementTimeout) else { throw ValidationError("--db-statement-timeout must be 1…86400 seconds, not \(dbStatementTimeout).") }
    }

    /// Opens the store; `mustExist` (admin commands) refuses a directory that holds no hub yet.
    func open(logger: Logger, mustExist: Bool = false) async throws -> any HubStore {
        if let url = databaseURL {
            let configuration = try PostgresHubConfiguration(url: url, poolSize: dbPool, statementTimeout: .seconds(dbStatementTimeout))
            return try await PostgresHubStore.connect(configuration, schema: .commendation, logger: logger)
        }
        return try SQLiteHubStore(directory: data ?? "", schema: .commendation, mustExist: mustExist, logger: logger)
    }

    /// Runs `body` with the store (which must exist), then closes it: an admin command's whole life.
    func withStore<T>(_ body: (any HubStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "tdsync.hub")
        logger.logLevel = .warning
        return try await open(logger: logger, mustExist: true).using(body)
    }

    /// Where the data is, for messages (the URL without its password).
    var describe: String {
        if let url = databaseURL { return (try? PostgresHubConfiguration(url: url).redacted) ?? "the database" }
        return data ?? ""
    }
}

extension HubStore {
    /// Runs `body` with the store, then closes it (an admin command's whole life).
    func using<T>(_ body: (any HubStore) async throws -> T) async throws -> T {
        do {
            let value = try await body(self)
            await close()
            return value
        } catch {
            await close()
            throw error
        }
    }
}
