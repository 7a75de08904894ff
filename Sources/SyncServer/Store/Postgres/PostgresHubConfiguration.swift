import Foundation
import NIOSSL
import PostgresNIO
import SyncCore

/// Where and how the hub reaches PostgreSQL, from a URL such as
/// `postgres://tdsync:secret@db.example:5432/tdsync?sslmode=require`.
public struct PostgresHubConfiguration: Sendable {
    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    /// `disable`, `prefer` (the default, as libpq) or `require` (certificates verified).
    public let sslMode: String
    /// The most connections this hub instance opens (one of them listens for other instances' changes).
    public var poolSize: Int
    /// A statement running longer than this is cancelled; its request fails with `storage_failure`.
    public var statementTimeout: Duration

    /// Parses `url` (`postgres://` or `postgresql://`); a malformed URL is `bad_request` naming the part.
    public init(url: String, poolSize: Int = 20, statementTimeout: Duration = .seconds(30)) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw SyncError(.badRequest, "the database URL must look like postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE, not '\(Self.redact(url))'")
        }
        guard let host = parts.host, !host.isEmpty else { throw SyncError(.badRequest, "the database URL names no host") }
        guard let user = parts.user, !user.isEmpty else { throw SyncError(.badRequest, "the database URL names no user (postgres://USER@HOST/DATABASE)") }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw SyncError(.badRequest, "the database URL names no database (postgres://USER@HOST/DATABASE)") }
        let mode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(mode) else {
            throw SyncError(.badRequest, "sslmode must be disable, prefer or require, not '\(mode)'")
        }
        guard (1...1_000).contains(poolSize) else { throw SyncError(.badRequest, "the pool size must be 1…1000, not \(poolSize)") }
        guard statementTimeout > .zero else { throw SyncError(.badRequest, "the statement timeout must be positive") }
        self.host = host
        self.port = parts.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = parts.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = mode
        self.poolSize = poolSize
        self.statementTimeout = statementTimeout
    }

    /// The URL without its password, for logs and errors.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)?sslmode=\(sslMode)" }

    static func redact(_ url: String) -> String {
        url.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression)
    }

    /// One connection's configuration, for the probe `PostgresHubStore.connect` makes first (the
    /// pool retries quietly; a single connection tells what is wrong).
    func probe() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// The client configuration: pool size, and the statement and lock timeouts every
    /// connection starts with.
    func client() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch sslMode {
        case "disable": .disable
        case "require": .require(.makeClientConfiguration())
        default: .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(10)
        let milliseconds = statementTimeout.components.seconds * 1_000 + statementTimeout.components.attoseconds / 1_000_000_000_000_000
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", String(milliseconds)),
            ("lock_timeout", String(milliseconds)),
            ("application_name", "tdsync-hub"),
        ]
        return configuration
    }
}
