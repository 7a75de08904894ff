import Foundation
import Logging
import SyncClient
import Commendation
import SyncCore
import SyncServer

var quietLogger: Logger {
    var logger = Logger(label: "tdsync.bench")
    logger.logLevel = .critical
    return logger
}

/// Registers a node at the hub store and creates its replica file (not yet pointed at a hub).
func makeNode(_ id: String, _ role: Role, _ scopes: [String], store: SQLiteHubStore, directory: URL) async throws -> (Replica, String) {
    let token = try await store.registerNode(NodeID(id), role: role, scopes: role == .board ? [] : scopes)
    let replica = try Replica.create(at: directory.appendingPathComponent("\(id).sqlite").path, schema: .commendation, node: NodeID(id),
                                     role: role, scopes: role == .board ? [] : scopes)
    return (replica, token)
}

func makeSession(_ replica: Replica, batch: Int) throws -> SyncSession {
    var session = try SyncSession(replica: replica)
    session.batchSize = batch
    return session
}

/// Province → hub → board over HTTP on loopback, the hub in this process: the province pushes
/// `count` nominations written beforehand, then the board pulls them.
func measureSync(sizes: Sizes, directory: URL) async throws -> [Figure] {
    let count = sizes.count
    let dir = directory.appendingPathComponent("sync")
    let store = try SQLiteHubStore(directory: dir.appendingPathComponent("hub").path, schema: .commendation, logger: quietLogger)
    let server = try await Hub(store: store, logger: quietLogger).start()
    do {
        let (province, provinceToken) = try await makeNode("hn-office", .province, ["hn"], store: store, directory: dir)
        let (board, boardToken) = try await makeNode("board", .board, [], store: store, directory: dir)
        try province.configureHub(url: server.url, token: provinceToken)
        try board.configureHub(url: server.url, token: boardToken)
        try writeNominations(province, 0..<count, batch: sizes.batch)
        let provinceSession = try makeSession(province, batch: sizes.batch)
        let boardSession = try makeSession(board, batch: sizes.batch)

        var pushed = SyncReport()
        let (_, pushSeconds) = try await timed {
            try await provinceSession.handshake()
            try await provinceSession.pushOutbox(into: &pushed)
        }
        try check(pushed.pushed.applied == count && pushed.pushed.total == count,
                  "the hub took \(pushed.pushed.applied) of \(count) pushed versions (\(pushed.pushed.total) answered, \(pushed.pushed.rejected) rejected)")
        var pulled = SyncReport()
        let (_, pullSeconds) = try await timed {
            try await boardSession.handshake()
            try await boardSession.pullToEnd(wait: 0, into: &pulled)
        }
        try check(pulled.pulled.applied == count, "the board applied \(pulled.pulled.applied) pulled versions, not \(count)")
        // The province's own sync goes on to pull: the hub sends its own pushes back.
        var echo = SyncReport()
        let (_, echoSeconds) = try await timed { try await provinceSession.pullToEnd(wait: 0, into: &echo) }
        try check(echo.pulled.changed == 0, "the province changed \(echo.pulled.changed) records pulling back its own pushes")
        try checkSameNominations(province, board, count: count)
        try check(try province.syncState().outboxSize == 0, "the province's outbox is not empty after the push")
        // The same pull as a node on a slow link makes it: gzip answers (its CPU cost on loopback).
        let (gzipBoard, gzipToken) = try await makeNode("board-gzip", .board, [], store: store, directory: dir)
        var gzipSession = SyncSession(replica: gzipBoard, transport: HTTPTransport(baseURL: URL(string: server.url)!, token: gzipToken, compression: .gzip))
        gzipSession.batchSize = sizes.batch
        var gzipPulled = SyncReport()
        let (_, gzipSeconds) = try await timed {
            try await gzipSession.handshake()
            try await gzipSession.pullToEnd(wait: 0, into: &gzipPulled)
        }
        try check(gzipPulled.pulled.applied == count, "the gzip board applied \(gzipPulled.pulled.applied) pulled versions, not \(count)")
        await server.stop()
        return [
            .rate(.sync, "sync.push", "push: province → hub (HTTP), \(sizes.batch)/request", items: count, seconds: pushSeconds),
            .rate(.sync, "sync.pull", "pull: hub → board (HTTP), \(sizes.batch)/page", items: count, seconds: pullSeconds),
            .rate(.sync, "sync.endToEnd", "end to end: province → board (push + pull)", items: count, seconds: pushSeconds + pullSeconds),
            .rate(.sync, "sync.pullGzip", "pull with gzip answers (--compression gzip)", items: count, seconds: gzipSeconds),
            Figure(scenario: .sync, key: "sync.echo", name: "province's pull after its push (\(echo.pulled.total) versions back)",
                   value: echoSeconds * 1e3, unit: .milliseconds, note: "the rest of the province's sync; none may change it"),
        ]
    } catch {
        await server.stop()
        throw error
    }
}
