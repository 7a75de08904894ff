import Foundation
import Hummingbird
import NIOCore
import SyncCore

/// Node administration over HTTP (`/v1/admin/…`), for nodes registered with the `admin` role
/// (`RequireRoleMiddleware` lets no other through).
struct AdminRoutes: Sendable {
    let store: any HubStore

    struct NewNode: Decodable {
        let node: String
        let role: String
        let scopes: [String]?
    }

    struct Revoked: Encodable {
        let node: String
        let revoked: Bool
    }

    struct Issued: Encodable {
        let node: String
        let token: String
    }

    func register(on group: RouterGroup<HubRequestContext>) {
        group.get("nodes") { _, _ in
            try json(try await store.nodes().map(NodeSummary.init))
        }
        group.post("nodes") { request, _ in
            let new = try WireJSON.decode(NewNode.self, from: Data(try await request.bodyBytes(limit: 64 * 1024)))
            let id = try NodeID(new.node)
            let token = try await store.registerNode(id, role: try Role(parsing: new.role), scopes: new.scopes ?? [])
            return try json(Issued(node: id.rawValue, token: token), status: .created)
        }
        group.post("nodes/:node/rotate") { _, context in
            let id = try NodeID(context.parameters.get("node") ?? "")
            return try json(Issued(node: id.rawValue, token: try await store.rotateToken(id)))
        }
        group.post("nodes/:node/revoke") { _, context in
            let id = try NodeID(context.parameters.get("node") ?? "")
            try await store.revoke(id)
            return try json(Revoked(node: id.rawValue, revoked: true))
        }
    }
}

/// A registered node as the admin API and `tdsync hub list-nodes` show it.
public struct NodeSummary: Codable, Sendable {
    public let node: String
    public let role: String
    public let scopes: [String]
    public let revoked: Bool
    public let highestCounter: UInt64
    public let lastSeenSeq: Int64?
    public let lastSeenAt: String?

    public init(_ node: RegisteredNode) {
        self.node = node.id.rawValue
        self.role = node.role.rawValue
        self.scopes = node.scopes
        self.revoked = node.revoked
        self.highestCounter = node.highestCounter
        self.lastSeenSeq = node.lastSeenSeq
        self.lastSeenAt = node.lastSeenAt
    }

    enum CodingKeys: String, CodingKey {
        case node, role, scopes, revoked, highestCounter = "highest_counter", lastSeenSeq = "last_seen_seq", lastSeenAt = "last_seen_at"
    }
}
