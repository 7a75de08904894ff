import Foundation
import SyncCore

/// The node registry's rules, the same for every store: which ids, roles and scopes a node may
/// be registered with, and how a token is checked against the stored hash.
enum NodeRegistry {
    /// The node id of the hub's own replica (SQLite), which stores but never writes records: no
    /// node may be registered under it, nor under `seed`, the author of reference data.
    static let hubNode = try! NodeID("hub")

    /// The scopes to store for a new node, or the error naming what is wrong.
    static func registrationScopes(_ id: NodeID, role: Role, scopes: [String], rules: ScopeRules) throws -> [String] {
        guard id != hubNode, id != .seed else { throw SyncError(.invalidNodeID, "node id '\(id)' is reserved") }
        for scope in scopes { try rules.validate(scope) }
        if (role == .board || role == .admin) && scopes.contains(where: { $0 != Scope.national }) {
            throw SyncError(.invalidScope, "\(role == .admin ? "an" : "a") \(role.rawValue) node sees every scope; register it without scopes")
        }
        let stored = role == .province || role == .reader ? Array(Set(scopes)).sorted() : [Scope.national]
        if (role == .province || role == .reader) && (stored.isEmpty || stored.contains(Scope.national)) {
            throw SyncError(.invalidScope, "a \(role.rawValue) node needs one or more \(rules.vocabulary.noun) scopes (not '*')")
        }
        return stored
    }

    /// The scopes to store when a node moves (`setScopes`), before its role is known.
    static func movedScopes(_ scopes: [String], rules: ScopeRules) throws -> [String] {
        for scope in scopes { try rules.validate(scope) }
        let unique = Array(Set(scopes)).sorted()
        guard !unique.isEmpty, !unique.contains(Scope.national) else {
            throw SyncError(.invalidScope, "give one or more \(rules.vocabulary.noun) scopes (not '*')")
        }
        return unique
    }

    /// Only province and reader nodes have scopes to move.
    static func checkMovable(_ id: NodeID, role: String?) throws {
        guard let role else { throw SyncError(.unknownNode, "node \(id) is not registered") }
        guard role == Role.province.rawValue || role == Role.reader.rawValue else {
            throw SyncError(.invalidScope, "node \(id) is a \(role) node: it sees every scope")
        }
    }

    /// The node id a token names, or `unauthorized` when it is not a tdsync token.
    static func parse(_ token: String) throws -> (node: NodeID, secret: String) {
        guard let parsed = Tokens.parse(token) else {
            throw SyncError(.unauthorized, "the bearer token is not a tdsync token (tds1.NODE.SECRET)")
        }
        return parsed
    }

    /// Checks the token's secret against the stored node (nil when unknown), in constant time
    /// whether or not the node exists, and refuses revoked nodes.
    static func check(secret: String, of id: NodeID, against stored: (node: RegisteredNode, tokenHash: String)?) throws -> RegisteredNode {
        let expected = stored?.tokenHash ?? String(repeating: "0", count: 64)
        guard Tokens.constantTimeEqual(Tokens.digest(secret), expected), let stored else {
            throw SyncError(.unauthorized, "the token for node \(id) is not valid; ask the hub operator for a new one")
        }
        if stored.node.revoked { throw SyncError(.unauthorized, "node \(id) has been revoked") }
        return stored.node
    }

    static func notRegistered(_ id: NodeID) -> SyncError { SyncError(.unknownNode, "node \(id) is not registered") }

    static func alreadyRegistered(_ id: NodeID) -> SyncError {
        SyncError(.alreadyExists, "node \(id) is already registered; rotate its token instead")
    }

    /// The time stamps the registry stores (`created_at`, `last_seen_at`…).
    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}
