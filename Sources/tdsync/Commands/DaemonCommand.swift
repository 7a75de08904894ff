import ArgumentParser
import Dispatch
import Foundation
import Logging
import SyncClient
import SyncCore

/// `tdsync daemon`: keeps a replica in sync until stopped.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Keep the replica in sync continuously (push local writes, long-poll the hub).",
        discussion: """
            Local writes made by other tdsync commands on the same file are pushed within a \
            fraction of a second; changes from other nodes arrive as soon as they reach the hub \
            (long-poll). While the hub is unreachable the daemon retries with exponential backoff \
            and jitter (up to 30 s). It logs to standard output and stops cleanly on SIGINT or \
            SIGTERM. A sample systemd unit is in contrib/tdsync-daemon.service.
            """
    )

    @OptionGroup var replica: ReplicaOptions
    @OptionGroup var wire: WireOptions

    @Option(help: "Seconds each pull waits at the hub for a change (1…60).")
    var pollWait = 25

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func validate() throws {
        guard (1...60).contains(pollWait) else { throw ValidationError("--poll-wait must be 1…60 seconds, not \(pollWait).") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level.") }
    }

    func run() async throws {
        let opened = try replica.open()
        let session = try wire.session(opened)
        LoggingSystem.bootstrap(StreamLogHandler.standardOutput)
        var logger = Logger(label: "tdsync.daemon")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var daemon = SyncDaemon(session: session, logger: logger)
        daemon.pollWait = pollWait
        let task = Task { await daemon.run() }
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        await task.value
        sources.forEach { $0.cancel() }
    }
}
