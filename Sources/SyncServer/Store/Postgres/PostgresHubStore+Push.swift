import Foundation
import PostgresNIO
import SyncCore

/// Pushes and pulls on PostgreSQL.
///
/// The sequence rule (protocol.md §10.3): a push takes its sequences from the one-row
/// `tdsync_hub_state` under that row's lock, held until it commits, so sequences are handed out
/// in commit order across every hub instance. A pull reads the head first and then the log up
/// to it: every change at or below a head it can see has committed, so a cursor never passes a
/// change that commits later. A push first locks its records (advisory locks on buckets of
/// records, in order) and merges outside the sequence lock; only its writes and its commit run
/// under it.
extension PostgresHubStore {
    public func push(_ versions: [Result<RecordVersion, SyncError>], from node: RegisteredNode) async throws -> PushResponse {
        let rules = WriteRules(node: node, schema: schema)
        let valid = versions.compactMap { try? $0.get() }
        let (results, hubSeq) = try await apply(valid, admit: { try rules.admit($0, over: $1) }, origin: node.id,
                                                highestCounter: (node.id, rules.highestIssued(in: valid)))
        return PushResponse(results: PushOutcomes.inPlace(results, of: versions), hubSeq: hubSeq)
    }

    /// Seeds the schema's reference data: identical versions everywhere, so seeding an already
    /// seeded database changes nothing, and a newer edition merges over an older one.
    func seed() async throws {
        let (results, _) = try await apply(schema.seed.versions, admit: nil, origin: nil, highestCounter: nil)
        if let bad = results.first(where: { if case .rejected = $0.outcome { true } else { false } }) {
            throw SyncError(.storageFailure, "the schema's reference data did not seed: \(bad.key) \(bad.outcome)")
        }
    }

    /// Applies versions in one transaction: a result per version, in order, and the head after.
    func apply(_ versions: [RecordVersion], admit: (@Sendable (RecordVersion, RecordVersion?) throws -> Void)?, origin: NodeID?,
               highestCounter: (node: NodeID, counter: UInt64)?) async throws -> ([ApplyResult], Int64) {
        let schema = self.schema
        let checked: [Result<RecordVersion, SyncError>] = versions.map { version in
            Result { try schema.validated(version, refusingNonNFC: true) }.mapError { $0 as? SyncError ?? SyncError(.badChange, "\($0)") }
        }
        let keys = Array(Set(checked.compactMap { try? $0.get().key }))
        return try await database("storing a push") { [client, logger] in
            try await client.withTransaction(logger: logger) { db in
                try await Self.lock(keys, on: db, logger: logger)
                var current = try await Self.load(keys, on: db, schema: schema, logger: logger)
                var writes = PendingWrites()
                var results: [ApplyResult] = []
                results.reserveCapacity(checked.count)
                for index in checked.indices {
                    let outcome: ApplyOutcome
                    do {
                        let version = try checked[index].get()
                        switch try RemoteMerge.step(version, over: current[version.key], admit: admit) {
                        case .alreadyKnown:
                            outcome = .alreadyKnown
                        case .store(let merged, let isIncoming):
                            current[version.key] = (version.scope, merged)
                            writes.add(version.key, scope: version.scope, state: merged, origin: isIncoming ? origin : nil)
                            let conflicted = merged.conflictingFields
                            outcome = conflicted.isEmpty ? .applied : .conflict(fields: conflicted)
                        }
                    } catch let error as SyncError {
                        outcome = .rejected(code: error.code.rawValue, message: error.message)
                    }
                    results.append(ApplyResult(key: (try? checked[index].get().key) ?? versions[index].key, outcome: outcome))
                }
                let head = try await writes.store(on: db, logger: logger)
                if let (node, counter) = highestCounter {
                    try await db.query("""
                        UPDATE tdsync_nodes SET highest_counter = \(Int64(counter)) WHERE node_id = \(node.rawValue) AND highest_counter < \(Int64(counter))
                        """, logger: logger)
                }
                return (results, head)
            }
        }
    }

    /// How many advisory locks records are spread over. A push takes one per bucket its records
    /// fall in, so at most this many: PostgreSQL's shared lock table (64 per connection by
    /// default) holds them whatever the push's size, where a lock per record would exhaust it.
    static let lockBuckets: UInt64 = 32

    /// The advisory-lock space of record buckets (`td` in ASCII), apart from the migrations' lock.
    static let lockSpace: Int32 = 0x7464

    /// Takes the advisory locks of the records' buckets, in ascending order, so two pushes of one
    /// record merge one after the other and two pushes never deadlock.
    private static func lock(_ keys: [RecordKey], on db: PostgresConnection, logger: Logger) async throws {
        let buckets = Array(Set(keys.map(lockBucket))).sorted()
        guard !buckets.isEmpty else { return }
        try await db.query("""
            SELECT pg_advisory_xact_lock(\(lockSpace), b) FROM unnest(\(buckets)::int4[]) WITH ORDINALITY AS t(b, n) ORDER BY n
            """, logger: logger)
    }

    /// The bucket of a record: FNV-1a of `collection NUL id`, the same in every instance (Swift's
    /// `Hasher` is not), modulo `lockBuckets`.
    static func lockBucket(_ key: RecordKey) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.collection.utf8 + [0] + key.id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int32(hash % lockBuckets)
    }

    private static func load(_ keys: [RecordKey], on db: PostgresConnection, schema: Schema, logger: Logger) async throws -> [RecordKey: (scope: String, state: RecordState)] {
        guard !keys.isEmpty else { return [:] }
        let rows = try await db.query("""
            SELECT r.collection, r.id, r.scope, r.state FROM tdsync_records AS r
            JOIN unnest(\(keys.map(\.collection))::text[], \(keys.map(\.id))::text[]) AS k(collection, id)
              ON r.collection = k.collection AND r.id = k.id
            """, logger: logger)
        var stored: [RecordKey: (scope: String, state: RecordState)] = [:]
        for try await (collection, id, scope, state) in rows.decode((String, String, String, String).self) {
            let key = RecordKey(collection: collection, id: id)
            do {
                stored[key] = (scope, schema.typed(try RecordCodec.decodeState(Array(state.utf8)), collection: collection))
            } catch {
                throw SyncError(.storageFailure, "the stored state of \(key) in PostgreSQL is corrupt: \(error)")
            }
        }
        return stored
    }

    /// A page of the log after `cursor` that `node` may read (see the sequence rule above).
    public func pull(after cursor: Int64, for node: RegisteredNode, limit: Int, includeOwn: Bool) async throws -> EncodedVersions {
        let scopes = node.role == .board ? [] : [Scope.national] + schema.scopes.covering(Set(node.scopes)).sorted()
        let skip = includeOwn ? "" : node.id.rawValue
        let page = try await database("reading the change log", idempotent: true) { [client, logger] in
            try await client.withConnection { db in
                let head = try await db.query("SELECT last_seq FROM tdsync_hub_state WHERE id = 1", logger: logger)
                    .collect().first?.decode(Int64.self) ?? 0
                let end = Replica.scanEnd(after: cursor, head: head)
                let rows = try await db.query("""
                    SELECT collection, id, scope, state, seq FROM tdsync_records
                    WHERE seq > \(cursor) AND seq <= \(end)
                      AND (\(scopes.isEmpty) OR scope = ANY(\(scopes)::text[]))
                      AND (\(skip) = '' OR origin IS NULL OR origin <> \(skip))
                    ORDER BY seq LIMIT \(Int64(max(1, limit) + 1))
                    """, logger: logger)
                var page = EncodedVersions.Builder(after: cursor, limit: limit, maxBytes: Replica.maxPageBytes)
                for try await (collection, id, scope, state, seq) in rows.decode((String, String, String, ByteBuffer, Int64).self) {
                    guard page.hasRoom else { return page.finish(hasMore: true) }
                    try state.withUnsafeReadableBytes { raw in
                        try page.append(key: RecordKey(collection: collection, id: id), scope: scope,
                                        state: raw.bindMemory(to: UInt8.self), seq: seq, source: "PostgreSQL")
                    }
                }
                let full = page.finish(hasMore: false)
                return full.ending(at: max(full.lastSeq, end), hasMore: end < head)
            }
        }
        // Only a cursor that moved is written, so an idle long-poll writes nothing.
        _ = try await execute("remembering \(node.id)'s cursor", """
            UPDATE tdsync_nodes SET last_seen_seq = \(cursor), last_seen_at = \(NodeRegistry.now())
            WHERE node_id = \(node.id.rawValue) AND coalesce(last_seen_seq, -1) < \(cursor)
            """)
        return page
    }
}

/// The records a push changes, each once with its final state, in the order of their last change.
private struct PendingWrites {
    private var order: [RecordKey] = []
    private var rows: [RecordKey: (scope: String, state: RecordState, origin: NodeID?)] = [:]

    mutating func add(_ key: RecordKey, scope: String, state: RecordState, origin: NodeID?) {
        if rows.updateValue((scope, state, origin), forKey: key) != nil { order.removeAll { $0 == key } }
        order.append(key)
    }

    /// Takes sequences under the hub state's row lock (held to commit), writes the records,
    /// and notifies other instances at commit. Returns the head.
    func store(on db: PostgresConnection, logger: Logger) async throws -> Int64 {
        guard !order.isEmpty else {
            return try await db.query("SELECT last_seq FROM tdsync_hub_state WHERE id = 1", logger: logger).collect().first?.decode(Int64.self) ?? 0
        }
        let count = Int64(order.count)
        guard let head = try await db.query("UPDATE tdsync_hub_state SET last_seq = last_seq + \(count) WHERE id = 1 RETURNING last_seq",
                                            logger: logger).collect().first?.decode(Int64.self) else {
            throw SyncError(.storageFailure, "the hub state row is missing from PostgreSQL")
        }
        let seqs = Array((head - count + 1)...head)
        var collections: [String] = [], ids: [String] = [], scopes: [String] = [], states: [String] = [], origins: [String] = []
        for key in order {
            guard let row = rows[key] else { continue }
            collections.append(key.collection)
            ids.append(key.id)
            scopes.append(row.scope)
            states.append(String(decoding: RecordCodec.encode(row.state), as: UTF8.self))
            origins.append(row.origin?.rawValue ?? "")
        }
        try await db.query("""
            INSERT INTO tdsync_records (collection, id, scope, state, seq, origin)
            SELECT c, i, s, st, q, NULLIF(o, '')
            FROM unnest(\(collections)::text[], \(ids)::text[], \(scopes)::text[], \(states)::text[], \(seqs)::int8[], \(origins)::text[])
              AS t(c, i, s, st, q, o)
            ON CONFLICT (collection, id) DO UPDATE SET state = excluded.state, seq = excluded.seq, origin = excluded.origin
            """, logger: logger)
        try await db.query("SELECT pg_notify(\(PostgresHubStore.changeChannel), \(String(head)))", logger: logger)
        return head
    }
}
