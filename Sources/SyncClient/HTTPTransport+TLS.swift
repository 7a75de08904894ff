import AsyncHTTPClient
import Foundation
import NIOSSL
import Synchronization
import SyncCore

extension HTTPTransport {
    /// The environment variable naming a PEM file of CA certificates to trust besides the system's.
    public static let caFileVariable = "TDSYNC_CA_FILE"

    /// The client for a hub whose certificate is signed by a CA in `caFile` (PEM), besides the
    /// system's roots: a hub with the office's own CA, or a self-signed one. Without a file, the
    /// shared client (system roots only). One client per file, kept for the process's life.
    public static func client(trusting caFile: String?) throws -> HTTPClient {
        guard let caFile, !caFile.isEmpty else { return sharedClient }
        return try trustingClients.withLock { clients in
            if let client = clients[caFile] { return client }
            let certificates: [NIOSSLCertificate]
            do { certificates = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
                throw SyncError(.notConfigured, "cannot read CA certificates from \(caFile) (PEM expected): \(error)")
            }
            guard !certificates.isEmpty else { throw SyncError(.notConfigured, "\(caFile) holds no certificate") }
            var configuration = sharedConfiguration
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(certificates)]
            tls.minimumTLSVersion = .tlsv12
            configuration.tlsConfiguration = tls
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[caFile] = client
            return client
        }
    }

    /// The CA file named by `TDSYNC_CA_FILE`, if any.
    public static var caFileFromEnvironment: String? { ProcessInfo.processInfo.environment[caFileVariable] }

    private static let trustingClients = Mutex<[String: HTTPClient]>([:])
}
