import Foundation
import Hummingbird
import NIOCore
import SyncCore

/// Node administration over HTTP, for nodes registered with the `admin` role.
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

    func register(on router: Router<BasicRequestContext>, authenticate: @escaping @Sendable (Request) async throws -> RegisteredNode,
                  readBody: @escaping @Sendable (Request, Int) async throws -> [UInt8]) {
        @Sendable func admin(_ request: Request) async throws {
            let caller = try await authenticate(request)
            guard caller.role == .admin else { throw SyncError(.forbidden, "node administration needs an admin token; \(caller.id) is a \(caller.role.rawValue)") }
        }
        router.get("v1/admin/nodes") { request, _ in
            try await admin(request)
            return try json(try await store.nodes().map(NodeSummary.init))
        }
        router.post("v1/admin/nodes") { request, _ in
            try await admin(request)
            let body = try await readBody(request, 64 * 1024)
            let new = try WireJSON.decode(NewNode.self, from: Data(body))
            let id = try NodeID(new.node)
            let token = try await store.registerNode(id, role: try Role(parsing: new.role), scopes: new.scopes ?? [])
            return try json(Issued(node: id.rawValue, token: token), status: .created)
        }
        router.post("v1/admin/nodes/:node/rotate") { request, context in
            try await admin(request)
            let id = try NodeID(context.parameters.get("node") ?? "")
            return try json(Issued(node: id.rawValue, token: try await store.rotateToken(id)))
        }
        router.post("v1/admin/nodes/:node/revoke") { request, context in
            try await admin(request)
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
