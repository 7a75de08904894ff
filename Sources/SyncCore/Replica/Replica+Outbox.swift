import Foundation
import GRDB

/// A record waiting in the outbox, with the change-log sequence it had when read.
public struct OutboxEntry: Sendable {
    public let version: RecordVersion
    public let seq: Int64
}

/// A local write the hub refused, shown until a push of the record is accepted. Its data stays in
/// the replica; a retryable refusal (`foreign_dot`) also keeps it in the outbox (see `acknowledge`).
public struct Rejection: Sendable, Equatable {
    public let key: RecordKey
    public let code: String
    public let message: String
}

/// Where a replica syncs to, and how far it has pulled.
public struct SyncState: Sendable, Equatable {
    public let hubURL: String?
    public let token: String?
    /// The hub's change-log sequence this replica has applied up to.
    public let pullCursor: Int64
    public let lastSyncAt: String?
    public let lastError: String?
    /// Records waiting to be pushed.
    public let outboxSize: Int
    /// Until the pull cursor reaches this hub sequence, pulls ask for this node's own pushes back
    /// too (set when the node turns out to be restored from an older copy).
    public let echoUntil: Int64
}

extension Replica {
    /// Records holding changes the hub may not have, in change order, after sequence `after`
    /// (a sync walks the outbox once with it, so entries refused earlier do not block the rest).
    public func outbox(after: Int64 = 0, limit: Int) throws -> [OutboxEntry] {
        try storage {
            try pool.read { db in
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT r.collection, r.id, r.scope, r.state, o.seq FROM _outbox AS o JOIN _records AS r ON r.rid = o.record
                    WHERE o.seq > ? ORDER BY o.seq LIMIT ?
                    """),
                                 arguments: [after, max(1, limit)]).map { row in
                    OutboxEntry(version: try version(from: row), seq: row[4])
                }
            }
        }
    }

    /// Refusals whose cause may pass by itself (the record's author has not pushed its own write
    /// yet): such entries stay in the outbox and are offered again.
    public static let retryableRejections: Set<String> = [SyncError.Code.foreignDot.rawValue]

    /// Takes the hub's answers to a push: entries the hub took leave the outbox unless they
    /// changed again meanwhile (their sequence moved). Refused entries are recorded as
    /// rejections (the data stays in this replica); a retryable refusal keeps its entry in the
    /// outbox, a permanent one (scope, role, type…) takes it out until the record changes again.
    public func acknowledge(_ pushed: [OutboxEntry], results: [ApplyResult]) throws {
        try acknowledge(keys: pushed.map(\.version.key), seqs: pushed.map(\.seq), results: results)
    }

    /// Takes the hub's answers to a push read with `encodedOutbox` (see `acknowledge(_:results:)`).
    public func acknowledge(_ pushed: EncodedVersions, results: [ApplyResult]) throws {
        try acknowledge(keys: pushed.keys, seqs: pushed.seqs, results: results)
    }

    private func acknowledge(keys: [RecordKey], seqs: [Int64], results: [ApplyResult]) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try storage {
            try pool.write { db in
                // An entry whose record changed since it was read has a new sequence: it stays.
                let clean = try SQLiteStatement(db, "DELETE FROM _outbox WHERE seq = ?")
                let hadRejections = try Int.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM _rejections)") == 1
                for ((key, seq), result) in zip(zip(keys, seqs), results) where key == result.key {
                    clean.bind(1, seq)
                    if case .rejected(let code, let message) = result.outcome {
                        try db.cachedStatement(sql: "INSERT OR REPLACE INTO _rejections (collection, id, seq, code, message, at) VALUES (?, ?, ?, ?, ?, ?)")
                            .execute(arguments: [key.collection, key.id, seq, code, message, now])
                        if !Self.retryableRejections.contains(code) { try clean.run() }
                        continue
                    }
                    try clean.run()
                    if hadRejections && db.changesCount > 0 {
                        try db.cachedStatement(sql: "DELETE FROM _rejections WHERE collection = ? AND id = ?")
                            .execute(arguments: [key.collection, key.id])
                    }
                }
            }
        }
    }

    /// Local writes the hub refused, by record.
    public func rejections() throws -> [Rejection] {
        try storage {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT collection, id, code, message FROM _rejections ORDER BY collection, id").map {
                    Rejection(key: RecordKey(collection: $0[0], id: $0[1]), code: $0[2], message: $0[3])
                }
            }
        }
    }

    /// The hub this replica syncs with, its pull cursor and outbox size.
    public func syncState() throws -> SyncState {
        try storage {
            try pool.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT hub_url, token, pull_cursor, last_sync_at, last_error, echo_until FROM _sync WHERE id = 1")
                let outbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM _outbox") ?? 0
                // Throwing reads: a damaged file is an error, never a crash.
                return SyncState(hubURL: try row?.decode(String?.self, atIndex: 0), token: try row?.decode(String?.self, atIndex: 1),
                                 pullCursor: try row?.decode(Int64?.self, atIndex: 2) ?? 0, lastSyncAt: try row?.decode(String?.self, atIndex: 3),
                                 lastError: try row?.decode(String?.self, atIndex: 4), outboxSize: outbox,
                                 echoUntil: try row?.decode(Int64?.self, atIndex: 5) ?? 0)
            }
        }
    }

    /// Sets the hub and token this replica syncs with. Changing the hub restarts pulling at 0.
    public func configureHub(url: String, token: String) throws {
        try storage {
            try pool.write { db in
                let current = try String.fetchOne(db, sql: "SELECT hub_url FROM _sync WHERE id = 1")
                func normal(_ u: String?) -> String? { u.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } }
                let cursorReset = normal(current) != normal(url) ? ", pull_cursor = 0, hub_epoch = NULL" : ""
                try db.execute(sql: "UPDATE _sync SET hub_url = ?, token = ?\(cursorReset) WHERE id = 1", arguments: [url, token])
            }
        }
    }

    /// Prepares for a hub that lost data (restored from an older backup): every record this node
    /// may write (the board: every record, reference data included; a province: its scopes) goes back into the outbox and pulling restarts at 0, so the hub gets back
    /// everything this replica can give it. Records of other nodes come back from their authors.
    public func resetForRestoredHub() throws {
        try storage {
            try pool.write { db in
                let context = try WriteContext.load(db)
                switch context.role {
                case .board: try db.execute(sql: "INSERT OR REPLACE INTO _outbox (seq, record) SELECT seq, rid FROM _records")
                case .province:
                    let scopes = context.scopes.filter { $0 != Scope.national }
                    try db.execute(sql: "INSERT OR REPLACE INTO _outbox (seq, record) SELECT seq, rid FROM _records WHERE scope IN (\(scopes.map { _ in "?" }.joined(separator: ",")))",
                                   arguments: StatementArguments(scopes))
                case .reader, .admin: break
                }
                try db.execute(sql: "UPDATE _sync SET pull_cursor = 0 WHERE id = 1")
            }
        }
    }

    /// Pulls everything again from the start, this node's own pushes included, up to `hubSeq`:
    /// the node was restored from an older copy and may have lost writes only the hub still holds.
    public func requestEchoPull(upTo hubSeq: Int64) throws {
        try storage {
            try pool.write { try $0.execute(sql: "UPDATE _sync SET pull_cursor = 0, echo_until = ? WHERE id = 1", arguments: [hubSeq]) }
        }
    }

    /// The hub epoch this replica last synced with (nil before the first handshake).
    public func knownHubEpoch() throws -> String? {
        try storage { try pool.read { try String.fetchOne($0, sql: "SELECT hub_epoch FROM _sync WHERE id = 1") } }
    }

    /// Remembers the hub epoch seen at handshake.
    public func rememberHubEpoch(_ epoch: String) throws {
        try storage { try pool.write { try $0.execute(sql: "UPDATE _sync SET hub_epoch = ? WHERE id = 1", arguments: [epoch]) } }
    }

    /// Applies a page pulled from the hub and stores the new cursor in the same transaction.
    public func applyPulled(_ versions: [RecordVersion], cursor: Int64) throws -> [ApplyResult] {
        try apply(versions, outbox: .whenNew, inTransaction: { db, _ in
            try db.cachedStatement(sql: "UPDATE _sync SET pull_cursor = ? WHERE id = 1").execute(arguments: [cursor])
        })
    }

    /// Records the end of a sync attempt (`error` nil when it succeeded).
    public func recordSyncAttempt(error: String?) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        try storage {
            try pool.write { db in
                if let error {
                    try db.execute(sql: "UPDATE _sync SET last_error = ? WHERE id = 1", arguments: [error])
                } else {
                    try db.execute(sql: "UPDATE _sync SET last_sync_at = ?, last_error = NULL WHERE id = 1", arguments: [now])
                }
            }
        }
    }

    /// Runs `body` in a write transaction on the replica's database, for the one component that
    /// keeps tables of its own in the replica's file: the hub's SQLite store (its node registry).
    @_spi(Storage)
    public func withWriteTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try storage { try pool.write(body) }
    }

    /// `withWriteTransaction` on GRDB's writer thread, off Swift's cooperative pool.
    @_spi(Storage)
    public func withWriteTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await storage { try await pool.write(body) }
    }

    /// Runs `body` with read access to the replica's database (see `withWriteTransaction`), on one
    /// of GRDB's reader threads, off Swift's cooperative pool.
    @_spi(Storage)
    public func withReadAccess<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await storage { try await pool.read(body) }
    }
}
