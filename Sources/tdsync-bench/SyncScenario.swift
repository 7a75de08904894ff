import Foundation
import Logging
import SyncClient
import SyncCore
import SyncServer

/// Province → hub → board over HTTP on loopback: a province pushes `writes`, the board pulls them.
func measureSync(_ writes: [LocalWrite], directory: URL, batch: Int) async throws -> [Measurement] {
    var logger = Logger(label: "bench.hub")
    logger.logLevel = .critical
    let store = try SQLiteHubStore(directory: directory.appendingPathComponent("hub").path, logger: logger)
    let server = try await Hub(store: store, logger: logger).start()
    let url = server.url
    func node(_ id: String, _ role: Role, _ scopes: [String]) throws -> Replica {
        let token = try store.registerNode(NodeID(id), role: role, scopes: scopes)
        let replica = try Replica.create(at: directory.appendingPathComponent("sync-\(id).sqlite").path, node: NodeID(id),
                                         role: role, scopes: role == .board ? [] : scopes)
        try replica.configureHub(url: url, token: token)
        return replica
    }
    let province = try node("hn-office", .province, ["hn"]), board = try node("board", .board, [])
    for chunk in stride(from: 0, to: writes.count, by: batch) { try province.write(Array(writes[chunk..<min(chunk + batch, writes.count)])) }
    var provinceSession = try SyncSession(replica: province)
    provinceSession.batchSize = batch
    var boardSession = try SyncSession(replica: board)
    boardSession.batchSize = batch
    var results: [Measurement] = []
    let start = DispatchTime.now().uptimeNanoseconds
    let pushed = try await provinceSession.sync()
    let middle = DispatchTime.now().uptimeNanoseconds
    let pulled = try await boardSession.sync()
    let end = DispatchTime.now().uptimeNanoseconds
    await server.stop()
    guard pushed.pushed.total == writes.count, pulled.pulledChanges == writes.count else {
        throw BenchError("sync moved \(pushed.pushed.total) up and \(pulled.pulledChanges) down, expected \(writes.count)")
    }
    results.append(Measurement(name: "sync push: province → hub (HTTP)", items: writes.count, seconds: Double(middle - start) / 1e9))
    results.append(Measurement(name: "sync pull: hub → board (HTTP)", items: writes.count, seconds: Double(end - middle) / 1e9))
    results.append(Measurement(name: "province → board end to end", items: writes.count, seconds: Double(end - start) / 1e9))
    return results
}
