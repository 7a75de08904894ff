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
            The hub keeps its replica and node registry in DIR/hub.sqlite. It prints the URL it \
            listens on, then serves until SIGINT or SIGTERM. --port 0 picks a free port. \
            Register nodes with `tdsync hub add-node` (it may run while the hub runs).
            """
    )

    @Option(help: ArgumentHelp("The hub's data directory (created if missing).", valueName: "dir"))
    var data: String

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8080

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "notice"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, not \(port).") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level.") }
    }

    func run() async throws {
        var logger = Logger(label: "tdsync.hub")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .notice
        let hub = Hub(store: try SQLiteHubStore(directory: data, logger: logger), logger: logger)
        let host = host
        try await hub.run(host: host, port: port) { port in
            Console.line("tdsync hub listening on http://\(host):\(port)")
            fflush(nil)
        }
    }
}
