import PostgresNIO
import SyncCore

/// PostgreSQL errors as the protocol's errors: a `SyncError` thrown inside a transaction passes
/// through as it is; anything from the database becomes `storage_failure` with the server's
/// message (postgres-nio's own description hides it).
enum PostgresFailure {
    /// SQLSTATEs after which the whole transaction may simply run again.
    static let retryable: Set<String> = ["40001", "40P01"]   // serialization failure, deadlock

    /// Runs `body`, mapping its errors; reruns it (up to three times in all) when the database
    /// aborted it for a serialization failure or a deadlock, and, when it is `idempotent` (a read,
    /// or a write that may land twice), when its connection was lost (a server restart, a
    /// failover, a pooled connection reset while it opened). Past `timeout` (waiting for a
    /// connection while the database is down, say) it is cancelled and fails with `storage_failure`.
    static func run<T: Sendable>(_ what: String, timeout: Duration, idempotent: Bool = false,
                                 _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withThrowingTaskGroup(of: T.self) { group in
                    group.addTask { try await body() }
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        throw SyncError(.storageFailure, "PostgreSQL did not answer within \(timeout) while \(what); is the database up?")
                    }
                    defer { group.cancelAll() }
                    return try await group.next()!
                }
            } catch {
                let mapped = map(error, what)
                if attempt < 3, let state = sqlState(error), retryable.contains(state) {
                    attempt += 1
                    continue
                }
                if attempt < 3, idempotent, lostConnection(error) {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(50 * attempt))
                    continue
                }
                throw mapped
            }
        }
    }

    /// Whether `error` is the connection failing rather than the statement (no SQLSTATE).
    static func lostConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.serverInfo == nil else { return false }
        return [.connectionError, .serverClosedConnection, .uncleanShutdown].contains(error.code)
    }

    static func map(_ error: any Error, _ what: String) -> any Error {
        switch error {
        case let error as SyncError: return error
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError { return map(inner, what) }
            return SyncError(.storageFailure, "PostgreSQL failed while \(what): \(error)")
        case let error as PSQLError:
            return SyncError(.storageFailure, "PostgreSQL failed while \(what): \(describe(error))")
        case is CancellationError: return error
        default:
            return SyncError(.storageFailure, "PostgreSQL failed while \(what): \(error)")
        }
    }

    /// The server's SQLSTATE and message, or the connection error, without the query's binds.
    static func describe(_ error: PSQLError) -> String {
        if let info = error.serverInfo {
            let message = info[.message] ?? "error"
            let detail = info[.detail].map { " (\($0))" } ?? ""
            return "\(message)\(detail) [SQLSTATE \(info[.sqlState] ?? "?")]"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }

    static func sqlState(_ error: any Error) -> String? {
        switch error {
        case let error as PSQLError: error.serverInfo?[.sqlState]
        case let error as PostgresTransactionError: (error.closureError ?? error.commitError).flatMap(sqlState)
        default: nil
        }
    }
}
