import ArgumentParser
import Foundation
import SyncClient
import Commendation
import SyncCore

/// `tdsync init`: creates a new replica file for a node.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new replica file for a node.",
        discussion: """
            With --hub and --token the node's role and scopes come from its registration at the \
            hub (`tdsync hub add-node`), checked by a handshake, and `tdsync sync` works at once; \
            a node the hub has seen before (reinstalled) gets its own earlier writes back at its \
            first sync. \
            Without a hub (a replica exchanged by file), give --role and --scope: a province or \
            reader node needs at least one --scope (a province code such as hn); a board node \
            replicates every scope when none is given. The award catalog is seeded.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("This node's id: lowercase letters, digits, '-' and '_'.", valueName: "id"))
    var node: String

    @Option(help: "The node's role (without --hub; default province).")
    var role: RoleChoice?

    @Option(name: .customLong("scope"), help: ArgumentHelp("A scope the node replicates (repeatable).", valueName: "code"))
    var scopes: [String] = []

    @Option(help: ArgumentHelp("The hub's URL, e.g. http://127.0.0.1:8080.", valueName: "url"))
    var hub: String?

    @Option(help: ArgumentHelp("The node's token from `tdsync hub add-node`.", valueName: "token"))
    var token: String?

    func validate() throws {
        if (hub == nil) != (token == nil) { throw ValidationError("--hub and --token go together.") }
        if hub != nil && (role != nil || !scopes.isEmpty) {
            throw ValidationError("with --hub, the role and scopes come from the node's registration at the hub; drop --role and --scope.")
        }
        if let hub, URL(string: hub)?.host == nil { throw ValidationError("--hub must be a URL such as http://127.0.0.1:8080, not '\(hub)'.") }
    }

    func run() async throws {
        let nodeID = try NodeID(node)
        var role = (role ?? .province).role, scopes = scopes, highestCounter: UInt64 = 0, hubSeq: Int64 = 0
        if let hub, let token, let url = URL(string: hub) {
            let hello = try await HTTPTransport(baseURL: url, token: token).hello(HelloRequest(node: nodeID.rawValue, schemaVersion: Schema.commendation.version))
            (role, scopes, highestCounter, hubSeq) = (hello.role, hello.role == .board ? [] : hello.scopes, hello.highestCounter, hello.hubSeq)
        }
        let created = try Replica.create(at: replica.db, schema: .commendation, node: nodeID, role: role, scopes: scopes)
        if let hub, let token {
            try created.configureHub(url: hub, token: token)
            // A node the hub has seen before (reinstalled): its earlier writes come back with its
            // first pull, its own pushes included (protocol.md §16).
            if try created.raiseCounter(atLeast: highestCounter) { try created.requestEchoPull(upTo: hubSeq) }
        }
        let state = try await created.nodeState()
        Console.line("initialised node \(state.node) (\(state.role.rawValue), scopes: \(state.scopes.joined(separator: " "))) at \(created.path)")
    }
}
