import ArgumentParser
import Foundation
import Logging
import SyncServer

/// `tdsync serve`: runs the hub.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the hub: the HTTP server nodes push to and pull from.",
        discussion: """
            With --data DIR the hub keeps its replica and node registry in DIR/hub.sqlite (one hub \
            process). With --database postgres://… (or TDSYNC_DATABASE_URL) it keeps them in \
            PostgreSQL, and several hub instances may serve from one database behind a load \
            balancer; each runs the pending migrations at start. It prints the URL it listens on, \
            then serves until SIGINT or SIGTERM. --port 0 picks a free port. \
            Register nodes with `tdsync hub add-node` (it may run while the hub runs). \
            With --tls-cert and --tls-key the hub serves HTTPS (TLS 1.2 or later); without them, \
            plain HTTP, meant for loopback or behind a TLS-terminating reverse proxy. Each node \
            may make --rate-limit requests a second on average, --rate-burst at once; beyond \
            that it is answered 429 rate_limited with Retry-After, which tdsync clients honour.
            """
    )

    @OptionGroup var storage: HubStoreOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "notice"

    @Option(help: ArgumentHelp("The hub's certificate chain (PEM); serve HTTPS with --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The private key (PEM) of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("Requests a second each node may make on average; 0 turns the limit off.", valueName: "n"))
    var rateLimit: Double = HubLimits().requestsPerSecond ?? 0

    @Option(help: ArgumentHelp("Requests a node may make at once after a quiet spell.", valueName: "n"))
    var rateBurst = HubLimits().burst

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, not \(port).") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together: give both, or neither.") }
        guard rateLimit >= 0, rateLimit.isFinite else { throw ValidationError("--rate-limit must be 0 or more, not \(rateLimit).") }
        guard rateBurst >= 1 else { throw ValidationError("--rate-burst must be 1 or more, not \(rateBurst).") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level.") }
    }

    func run() async throws {
        var logger = Logger(label: "tdsync.hub")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let tls = tlsCert.map { HubTLS(certificateChainFile: $0, privateKeyFile: tlsKey ?? "") }
        let limits = HubLimits(requestsPerSecond: rateLimit > 0 ? rateLimit : nil, burst: rateBurst)
        let store = try await storage.open(logger: logger)
        let hub = Hub(store: store, logger: logger, limits: limits, tls: tls)
        let host = host, scheme = tls == nil ? "http" : "https"
        try await store.using { _ in
            try await hub.run(host: host, port: port) { port in
                Console.line("tdsync hub listening on \(scheme)://\(host):\(port)")
                fflush(nil)
            }
        }
    }
}
