import GRDB

/// Record versions in their wire form, spliced from storage without decoding: a stored state is
/// canonical JSON (`{"fields":…,"vv":…}`), so a version's JSON is its key and scope around the
/// stored bytes. Serving a page costs a read and a copy per record, not a parse and a re-encode.
public struct EncodedVersions: Sendable {
    /// The versions' JSON array, `[{…},{…}]`.
    public let json: [UInt8]
    /// Each version's record, in order.
    public let keys: [RecordKey]
    /// Each version's change-log sequence, in order.
    public let seqs: [Int64]
    /// The sequence to ask after next time: the last row read, including rows left out.
    public let lastSeq: Int64
    /// Whether more rows follow.
    public let hasMore: Bool

    /// How many versions `json` holds.
    public var count: Int { keys.count }

    /// A page `[…]` of stored states spliced into versions, built row by row in sequence order
    /// by any store that keeps states in their canonical JSON.
    public struct Builder {
        private var w = JSONWriter(capacity: 64 * 1_024)
        private var keys: [RecordKey] = []
        private var seqs: [Int64] = []
        private var lastSeq: Int64
        private let limit: Int
        private let maxBytes: Int

        /// A page of rows after sequence `after`, of at most `limit` versions and about `maxBytes`.
        public init(after: Int64, limit: Int, maxBytes: Int) {
            lastSeq = after
            self.limit = max(1, limit)
            self.maxBytes = maxBytes
            w.raw(UInt8(ascii: "["))
        }

        /// Whether another version fits (a page always takes its first version, whatever its size).
        public var hasRoom: Bool { keys.count < limit && (keys.isEmpty || w.bytes.count < maxBytes) }

        /// Adds the version of `key` whose stored state is `state`, at sequence `seq`; a state
        /// that is not canonical is `replica_unusable` naming `source`.
        public mutating func append(key: RecordKey, scope: String, state: UnsafeBufferPointer<UInt8>, seq: Int64, source: String) throws {
            if !keys.isEmpty { w.raw(UInt8(ascii: ",")) }
            try Replica.spliceVersion(key: key, scope: scope, state: state, into: &w, file: source)
            keys.append(key)
            seqs.append(seq)
            lastSeq = seq
        }

        /// Adds the version of `key` from a replica's stored state, in either form (`StoredState`).
        mutating func append(key: RecordKey, scope: String, stored state: UnsafeBufferPointer<UInt8>, layout: FieldLayout?, seq: Int64, source: String) throws {
            guard state.first == StoredState.formatV1 else {
                try append(key: key, scope: scope, state: state, seq: seq, source: source)
                return
            }
            guard let layout else {
                throw SyncError(.replicaUnusable, "the stored state of \(key) in \(source) has no field layout for its collection; run `tdsync check --db \(source)`")
            }
            if !keys.isEmpty { w.raw(UInt8(ascii: ",")) }
            do {
                try StoredState.writeVersion(key: key, scope: scope, state: state, layout: layout, into: &w)
            } catch {
                throw SyncError(.replicaUnusable, "the stored state of \(key) in \(source) is corrupt: \(error); run `tdsync check --db \(source)`")
            }
            keys.append(key)
            seqs.append(seq)
            lastSeq = seq
        }

        /// The page; `lastSeq` is its last version's sequence (or `after` when empty).
        public func finish(hasMore: Bool) -> EncodedVersions {
            var json = w
            json.raw(UInt8(ascii: "]"))
            return EncodedVersions(json: json.bytes, keys: keys, seqs: seqs, lastSeq: lastSeq, hasMore: hasMore)
        }
    }

    /// The same page with its end moved: after a page that is not full, every sequence up to
    /// `lastSeq` was scanned.
    public func ending(at lastSeq: Int64, hasMore: Bool) -> EncodedVersions {
        EncodedVersions(json: json, keys: keys, seqs: seqs, lastSeq: lastSeq, hasMore: hasMore)
    }
}

extension Replica {
    /// How many sequences one page may scan past: rows left out (other scopes, the node's own
    /// pushes) cost an index entry each, so a page stops after this many sequences even when it holds
    /// few versions, and a long run of left-out rows is crossed in bounded steps.
    public static let pageScanWindow: Int64 = 65_536

    /// The change log after `seq` as wire JSON: at most `limit` versions, national records and
    /// `scopes` (nil: all), leaving out rows whose current state came from `skippingOrigin`'s own
    /// push (that node holds them already). The page scans at most `pageScanWindow` sequences;
    /// `lastSeq` is the last version's sequence when the page is full, else the end of the scanned
    /// range, so left-out rows are never read again.
    public func encodedChanges(after seq: Int64, scopes: Set<String>?, limit: Int, skippingOrigin origin: NodeID? = nil,
                               scanWindow: Int64 = Replica.pageScanWindow) throws -> EncodedVersions {
        try storage {
            try pool.read { db in try changePage(after: seq, scopes: scopes, limit: limit, skippingOrigin: origin, scanWindow: scanWindow, in: db) }
        }
    }

    /// `encodedChanges`, read on one of GRDB's reader threads, off Swift's cooperative pool.
    public func encodedChanges(after seq: Int64, scopes: Set<String>?, limit: Int, skippingOrigin origin: NodeID? = nil,
                               scanWindow: Int64 = Replica.pageScanWindow) async throws -> EncodedVersions {
        try await storage {
            try await pool.read { db in
                try self.changePage(after: seq, scopes: scopes, limit: limit, skippingOrigin: origin, scanWindow: scanWindow, in: db)
            }
        }
    }

    private func changePage(after seq: Int64, scopes: Set<String>?, limit: Int, skippingOrigin origin: NodeID?,
                            scanWindow: Int64, in db: Database) throws -> EncodedVersions {
        // The inner query filters on the covering index `_records_feed` (seq, scope, origin), so
        // rows left out cost an index entry, not a read of their state; only the page's rows are
        // then looked up.
        var keys = "SELECT rid FROM _records WHERE seq > ? AND seq <= ?"
        var scopeList: [String] = []
        if let scopes, !scopes.contains(Scope.national) {
            scopeList = [Scope.national] + schema.scopes.covering(scopes).sorted()
            keys += " AND scope IN (\(scopeList.map { _ in "?" }.joined(separator: ",")))"
        }
        if origin != nil { keys += " AND (origin IS NULL OR origin <> ?)" }
        keys += " ORDER BY seq LIMIT ?"
        let sql = """
            SELECT r.collection, r.id, r.scope, r.state, r.seq FROM (\(keys)) AS k
            JOIN _records AS r ON r.rid = k.rid ORDER BY r.seq
            """
        let head = try WriteContext.load(db).lastSeq
        let end = Self.scanEnd(after: seq, head: head, window: scanWindow)
        let statement = try SQLiteStatement(db, sql)
        var index: Int32 = 1
        func next() -> Int32 { defer { index += 1 }; return index }
        statement.bind(next(), seq)
        statement.bind(next(), end)
        for scope in scopeList { statement.bind(next(), scope) }
        if let origin { statement.bind(next(), origin.rawValue) }
        statement.bind(next(), Int64(max(1, limit) + 1))
        let page = try encode(rows: statement, limit: max(1, limit), after: seq, maxBytes: Self.maxPageBytes)
        if page.hasMore { return page }
        // Not full: everything up to `end` was scanned.
        return page.ending(at: max(page.lastSeq, end), hasMore: end < head)
    }

    /// The last sequence a page after `seq` scans: `window` sequences on, or the log's `head`.
    public static func scanEnd(after seq: Int64, head: Int64, window: Int64 = pageScanWindow) -> Int64 {
        min(head, seq > Int64.max - max(1, window) ? Int64.max : seq + max(1, window))
    }

    /// The outbox after sequence `after` as wire JSON, in change order, at most `limit` versions.
    public func encodedOutbox(after: Int64 = 0, limit: Int) throws -> EncodedVersions {
        try storage {
            try pool.read { db in
                let statement = try SQLiteStatement(db, """
                    SELECT r.collection, r.id, r.scope, r.state, o.seq FROM _outbox AS o JOIN _records AS r ON r.rid = o.record
                    WHERE o.seq > ? ORDER BY o.seq LIMIT ?
                    """)
                statement.bind(1, after)
                statement.bind(2, Int64(max(1, limit) + 1))
                return try encode(rows: statement, limit: max(1, limit), after: after, maxBytes: Self.maxPushBytes)
            }
        }
    }

    /// A pull page stops growing past this many bytes (a page of large records stays far below
    /// what a client reads in one answer).
    public static let maxPageBytes = 16 * 1_024 * 1_024
    /// An outbox batch stops growing past this many bytes, so a push stays under the hub's body
    /// limit whatever the records' size.
    public static let maxPushBytes = ProtocolInfo.maxBodyBytes / 2

    /// Reads rows of `collection, id, scope, state, seq` (one more than `limit`, to tell whether
    /// more follow) and splices each state into a version object; a page ends early once it
    /// holds `maxBytes` (it always holds at least one version).
    private func encode(rows statement: SQLiteStatement, limit: Int, after: Int64, maxBytes: Int) throws -> EncodedVersions {
        var page = EncodedVersions.Builder(after: after, limit: limit, maxBytes: maxBytes)
        defer { statement.finish() }
        while try statement.step() {
            guard page.hasRoom else { return page.finish(hasMore: true) }
            let key = RecordKey(collection: statement.string(0), id: statement.string(1))
            try statement.withBytes(3) { state in
                try page.append(key: key, scope: statement.string(2), stored: state, layout: layouts[key.collection], seq: statement.int64(4), source: path)
            }
        }
        return page.finish(hasMore: false)
    }

    /// Writes `{"collection":…,"fields":…,"id":…,"scope":…,"vv":…}` from a stored state
    /// `{"fields":F,"vv":V}`. The vector is the last member and holds only node ids and digits, so
    /// its start is the last `,"vv":{`.
    static func spliceVersion(key: RecordKey, scope: String, state: UnsafeBufferPointer<UInt8>, into w: inout JSONWriter, file: String) throws {
        let prefix = statePrefix, marker = vectorMarker
        guard state.count > prefix.count + marker.count + 1, state.starts(with: prefix), state.last == UInt8(ascii: "}"),
              let split = lastIndex(of: marker, in: state) else {
            throw SyncError(.replicaUnusable, "the stored state of \(key) in \(file) is corrupt (not a canonical {\"fields\",\"vv\"} object); run `tdsync check --db \(file)`")
        }
        w.raw(UInt8(ascii: "{"))
        w.key("collection", first: true); w.string(key.collection)
        w.key("fields", first: false); w.raw(UnsafeBufferPointer(rebasing: state[prefix.count..<split]))
        w.key("id", first: false); w.string(key.id)
        w.key("scope", first: false); w.string(scope)
        w.key("vv", first: false); w.raw(UnsafeBufferPointer(rebasing: state[(split + marker.count - 1)..<(state.count - 1)]))
        w.raw(UInt8(ascii: "}"))
    }

    private static let statePrefix = Array(#"{"fields":"#.utf8)
    private static let vectorMarker = Array(#","vv":{"#.utf8)

    private static func lastIndex(of marker: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = bytes.count - marker.count
        while i >= 0 {
            if bytes[i] == marker[0] && bytes[i..<(i + marker.count)].elementsEqual(marker) { return i }
            i -= 1
        }
        return nil
    }
}
