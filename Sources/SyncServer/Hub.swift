import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import SyncCore

/// The hub: the HTTP server nodes push to and pull from, over a `HubStore`.
public struct Hub: Sendable {
    public let store: any HubStore
    let notifier = ChangeNotifier()
    let metrics = HubMetrics()
    let logger: Logger
    let limits: HubLimits
    let limiter: RateLimiter
    let tls: HubTLS?
    /// This hub process's id, in `/healthz` and `/metrics`: instances sharing a database behind
    /// one load balancer are otherwise interchangeable.
    public let instance = String(UUID().uuidString.lowercased().prefix(8))

    /// A hub over `store`; `limits` sets each node's request budget, `tls` serves HTTPS.
    public init(store: any HubStore, logger: Logger = Logger(label: "tdsync.hub"), limits: HubLimits = HubLimits(), tls: HubTLS? = nil) {
        self.store = store
        self.logger = logger
        self.limits = limits
        self.limiter = RateLimiter(limits)
        self.tls = tls
        metrics.recordInfo(instance: instance, backend: store.backend)
    }

    /// HTTP/1.1, with TLS when configured; idle connections are closed after `limits.idleTimeout`.
    func server() throws -> HTTPServerBuilder {
        let idle = TimeAmount.nanoseconds(Int64(limits.idleTimeout.components.seconds) * 1_000_000_000)
        let http = HTTPServerBuilder.http1(configuration: .init(idleTimeout: idle))
        guard let tls else { return http }
        return try .tls(http, tlsConfiguration: try tls.configuration())
    }

    /// Starts the hub in a background task and returns once it listens (for embedding the hub in
    /// a process: the demo, the benchmark, tests).
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> RunningHub {
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            defer { sink.finish() }
            try await run(host: host, port: port) { sink.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            _ = try await task.value
            throw SyncError(.hubUnreachable, "the hub stopped before listening on \(host):\(port)")
        }
        return RunningHub(host: host, port: bound, task: task, scheme: tls == nil ? "http" : "https")
    }

    /// Runs the hub until the task is cancelled or the process gets SIGINT/SIGTERM.
    /// `onListening` receives the port actually bound (useful with port 0).
    public func run(host: String, port: Int, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            server: try server(),
            configuration: .init(address: .hostname(host, port: port), serverName: "tdsync-hub"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        // Long-polls here wake on changes other instances make to a shared database too.
        let watcher = Task { [store, notifier] in await store.observeChanges { await notifier.changed() } }
        defer { watcher.cancel() }
        try await app.runService()
    }
}

/// A hub started with `Hub.start`: where it listens, and how to stop it.
public struct RunningHub: Sendable {
    public let host: String
    public let port: Int
    let task: Task<Void, any Error>
    /// `http`, or `https` for a hub serving TLS.
    public let scheme: String

    /// The base URL clients use, e.g. `http://127.0.0.1:8080`.
    public var url: String { "\(scheme)://\(host):\(port)" }

    /// Stops the hub and waits until it has shut down.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

/// The hub's TLS (and the web app's): a certificate chain and its private key, both PEM files.
public struct HubTLS: Sendable {
    public let certificateChainFile: String
    public let privateKeyFile: String

    public init(certificateChainFile: String, privateKeyFile: String) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
    }

    /// The server configuration (TLS 1.2 or later), or `bad_request` naming the unreadable file.
    public func configuration() throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate], key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certificateChainFile) } catch {
            throw SyncError(.badRequest, "cannot read the TLS certificate chain \(certificateChainFile) as PEM: \(error)")
        }
        do { key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem) } catch {
            throw SyncError(.badRequest, "cannot read the TLS private key \(privateKeyFile) as PEM: \(error)")
        }
        guard !chain.isEmpty else { throw SyncError(.badRequest, "\(certificateChainFile) holds no certificate") }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
