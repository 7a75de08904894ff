import Foundation
import Hummingbird
import NIOCore
import SyncCore

/// The routes every node uses (`/v1/hello`, `/v1/push`, `/v1/pull`), behind `NodeAuthenticator`;
/// see protocol.md for the contract.
struct NodeRoutes: Sendable {
    let store: any HubStore
    let notifier: ChangeNotifier
    let metrics: HubMetrics

    func register(on group: RouterGroup<HubRequestContext>) {
        group.post("hello") { request, context in try await hello(request, context) }
        group.post("push") { request, context in try await push(request, context) }
        group.get("pull") { request, context in try await pull(request, context) }
    }

    func hello(_ request: Request, _ context: HubRequestContext) async throws -> Response {
        let node = try context.node
        let hello: HelloRequest = try WireJSON.decode(HelloRequest.self, from: Data(try await request.bodyBytes()))
        guard hello.protocolVersion == ProtocolInfo.version else {
            throw SyncError(.incompatibleProtocol, "this hub speaks protocol \(ProtocolInfo.version), the client \(hello.protocolVersion); upgrade the older side")
        }
        let schemaVersion = store.schema.version
        guard hello.schemaVersion == schemaVersion else {
            throw SyncError(.staleSchema, "this hub has schema \(schemaVersion), the client \(hello.schemaVersion); upgrade the older side before syncing")
        }
        guard hello.node == node.id.rawValue else {
            throw SyncError(.unauthorized, "the token belongs to node \(node.id), not \(hello.node.prefix(40))")
        }
        return try json(HelloResponse(protocolVersion: ProtocolInfo.version, schemaVersion: schemaVersion, node: node.id.rawValue,
                                      role: node.role, scopes: node.scopes, highestCounter: node.highestCounter, hubSeq: try await store.latestSeq(),
                                      hubEpoch: try await store.epoch()))
    }

    func push(_ request: Request, _ context: HubRequestContext) async throws -> Response {
        let node = try context.node
        let versions = try WireMessages.decodePush(try await request.bodyBytes())
        let started = ContinuousClock.now
        let response = try await store.push(versions, from: node)
        metrics.recordPush(from: node.id, results: response.results, duration: ContinuousClock.now - started, hubSeq: response.hubSeq)
        let changedLog = response.results.contains { result in
            switch result.outcome { case .applied, .conflict: true; case .alreadyKnown, .rejected: false }
        }
        if changedLog { await notifier.changed() }
        return BodyEncoding.jsonResponse(response.encoded(), for: request)
    }

    func pull(_ request: Request, _ context: HubRequestContext) async throws -> Response {
        let node = try context.node
        let after = try request.queryInteger("after", default: 0, range: 0...Int64.max)
        let limit = Int(try request.queryInteger("limit", default: 500, range: 1...Int64.max))
        let wait = try request.queryInteger("wait", default: 0, range: 0...Int64.max)
        let includeOwn = try request.queryInteger("echo", default: 0, range: 0...1) == 1
        let pageSize = min(limit, ProtocolInfo.maxPageSize)
        let generation = await notifier.generation
        var page = try await store.pull(after: after, for: node, limit: pageSize, includeOwn: includeOwn)
        // Wait only when nothing at all followed the cursor (a page of the node's own echoes
        // moves the cursor and returns at once).
        if page.lastSeq == after && wait > 0 {
            await notifier.wait(after: generation, timeout: .seconds(min(wait, Int64(ProtocolInfo.maxWaitSeconds))))
            page = try await store.pull(after: after, for: node, limit: pageSize, includeOwn: includeOwn)
        }
        metrics.recordPull(by: node.id, after: after, versions: page.count)
        return BodyEncoding.jsonResponse(page.pullBody, for: request)
    }
}
