import Foundation
import Testing

/// The hub backends the end-to-end tests run on.
enum HubBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// Both, unless `TDSYNC_SKIP_POSTGRES=1` (then a warning says the PostgreSQL half was skipped).
    /// Without that variable, a machine without PostgreSQL fails the PostgreSQL tests, naming the
    /// package to install: they never pass silently.
    static let all: [HubBackend] = {
        guard ProcessInfo.processInfo.environment["TDSYNC_SKIP_POSTGRES"] == "1" else { return allCases }
        FileHandle.standardError.write(Data("""
            ⚠️  TDSYNC_SKIP_POSTGRES=1: the hub tests run on SQLite only; the PostgreSQL backend is NOT tested.\n
            """.utf8))
        return [.sqlite]
    }()
}
