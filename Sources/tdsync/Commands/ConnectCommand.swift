import ArgumentParser
import Foundation
import SyncClient
import SyncCore

/// `tdsync connect`: points an existing replica at a hub, or gives it a new token.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Set the hub and token of an existing replica (after rotate-token, or a new hub).",
        discussion: """
            Checks the token with a handshake first: the hub must know this node with the \
            replica's role. Moving to another hub restarts pulling from its beginning; records \
            waiting in the outbox are pushed at the next sync.
            """
    )

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("The hub's URL, e.g. http://127.0.0.1:8080.", valueName: "url")) var hub: String
    @Option(help: ArgumentHelp("The node's token from `tdsync hub add-node` or `rotate-token`.", valueName: "token")) var token: String

    func validate() throws {
        if URL(string: hub)?.host == nil { throw ValidationError("--hub must be a URL such as http://127.0.0.1:8080, not '\(hub)'.") }
    }

    func run() async throws {
        let opened = try replica.open()
        let transport = HTTPTransport(baseURL: URL(string: hub)!, token: token)
        // Check the token first, without touching the replica; then switch, then handshake (a new
        // hub starts from cursor 0, so it is never mistaken for a restored one).
        let check = try await transport.hello(HelloRequest(node: opened.node.rawValue, schemaVersion: opened.schema.version))
        guard check.role == opened.role else {
            throw SyncError(.forbidden, "this replica is a \(opened.role.rawValue) node but the hub registered \(opened.node) as \(check.role.rawValue); nothing was changed")
        }
        try opened.configureHub(url: hub, token: token)
        let hello = try await SyncSession(replica: opened, transport: transport).handshake()
        Console.line("\(opened.node) (\(hello.role.rawValue), scopes: \(hello.scopes.joined(separator: " "))) now syncs with \(hub)")
    }
}
