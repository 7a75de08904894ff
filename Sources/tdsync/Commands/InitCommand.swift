import ArgumentParser
import SyncCore

/// `tdsync init`: creates a new replica file for a node.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new replica file for a node.",
        discussion: """
            A province or reader node needs at least one --scope (a province code such as hn); \
            a board node replicates every scope when none is given. The award catalog is seeded.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("This node's id: lowercase letters, digits, '-' and '_'.", valueName: "id"))
    var node: String

    @Option(help: "The node's role.")
    var role: RoleChoice = .province

    @Option(name: .customLong("scope"), help: ArgumentHelp("A scope the node replicates (repeatable).", valueName: "code"))
    var scopes: [String] = []

    func run() throws {
        let nodeID = try NodeID(node)
        let created = try Replica.create(at: replica.db, node: nodeID, role: role.role, scopes: scopes)
        let state = try created.nodeState()
        Console.line("initialised node \(state.node) (\(state.role.rawValue), scopes: \(state.scopes.joined(separator: " "))) at \(created.path)")
    }
}
