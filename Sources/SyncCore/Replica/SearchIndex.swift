import GRDB

/// Accent-insensitive full-text search over the visible values of names, titles and
/// achievements: an FTS5 table `_search` holding each live record's folded text
/// (`TextNormalizer.folded`), kept with the typed tables in the same transaction.
enum SearchIndex {
    /// The fields whose visible values are searched, per collection.
    static let fields: [String: [String]] = [
        "nominations": ["nominee_name", "achievements", "unit_id", "title_code", "award_form_code"],
        "campaigns": ["title", "slogan", "launching_authority"],
        "units": ["name"],
        "award_types": ["name"],
    ]

    static let createSQL = """
        CREATE VIRTUAL TABLE _search USING fts5(collection UNINDEXED, id UNINDEXED, scope UNINDEXED, text,
                                                 tokenize = 'unicode61 remove_diacritics 0')
        """

    /// The folded text of a record's visible searchable values, or nil when it has none.
    static func text(of version: RecordVersion, spec: CollectionSpec) -> String? {
        guard let names = fields[spec.name], !version.state.isDeleted else { return nil }
        var parts: [String] = []
        for name in names {
            guard let field = spec.field(name), let siblings = version.state.fields[name],
                  let winner = Winner.pick(siblings, owner: field.owner) else { continue }
            switch winner.value {
            case .text(let text): parts.append(text)
            case .textList(let items): parts.append(contentsOf: items)
            default: continue
            }
        }
        return parts.isEmpty ? nil : TextNormalizer.folded(parts.joined(separator: " "))
    }

    /// Maps each indexed record to its FTS5 row, so an update finds its entry by key instead of
    /// scanning the index (FTS5 cannot index the UNINDEXED key columns).
    static let mapSQL = """
        CREATE TABLE _search_map (collection TEXT NOT NULL, id TEXT NOT NULL, docid INTEGER NOT NULL,
                                  PRIMARY KEY (collection, id)) WITHOUT ROWID;
        INSERT INTO _search_map (collection, id, docid) SELECT collection, id, rowid FROM _search;
        """

    /// Replaces the record's entry (or removes it, for a deleted record or one with nothing to search).
    static func store(_ version: RecordVersion, spec: CollectionSpec, in db: Database) throws {
        guard fields[spec.name] != nil else { return }
        let find = try SQLiteStatement(db, "SELECT docid FROM _search_map WHERE collection = ? AND id = ?")
        find.bind(1, spec.name)
        find.bind(2, version.key.id)
        let existing: Int64? = try find.step() ? find.int64(0) : nil
        find.finish()
        let text = text(of: version, spec: spec)
        if let existing, let text {
            // Most changes (a status, a decision) leave the searchable text as it was: keep the entry.
            let current = try SQLiteStatement(db, "SELECT text, scope FROM _search WHERE rowid = ?")
            current.bind(1, existing)
            let same = try current.step() && current.equals(0, text) && current.equals(1, version.scope)
            current.finish()
            if same { return }
        }
        if let existing {
            let delete = try SQLiteStatement(db, "DELETE FROM _search WHERE rowid = ?")
            delete.bind(1, existing)
            try delete.run()
        }
        guard let text else {
            if existing != nil {
                let unmap = try SQLiteStatement(db, "DELETE FROM _search_map WHERE collection = ? AND id = ?")
                unmap.bind(1, spec.name)
                unmap.bind(2, version.key.id)
                try unmap.run()
            }
            return
        }
        let insert = try SQLiteStatement(db, "INSERT INTO _search (collection, id, scope, text) VALUES (?, ?, ?, ?)")
        insert.bind(1, spec.name)
        insert.bind(2, version.key.id)
        insert.bind(3, version.scope)
        insert.bind(4, text)
        try insert.run()
        let map = try SQLiteStatement(db, "INSERT OR REPLACE INTO _search_map (collection, id, docid) VALUES (?, ?, ?)")
        map.bind(1, spec.name)
        map.bind(2, version.key.id)
        map.bind(3, db.lastInsertedRowID)
        try map.run()
    }

    /// The FTS5 query for what a person typed: every word, folded, as a prefix, all required.
    /// Nil when nothing searchable is left.
    static func matchExpression(_ query: String) -> String? {
        let words = TextNormalizer.folded(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " AND ")
    }
}

/// One record found by `Replica.search`.
public struct SearchHit: Sendable, Equatable {
    public let key: RecordKey
    public let scope: String
}

extension Replica {
    /// Records whose names, titles or achievements contain every word of `query` (accents, case
    /// and đ/d ignored; each word also matches as a prefix), best matches first.
    public func search(_ query: String, collection: String? = nil, limit: Int = 50) throws -> [SearchHit] {
        if let collection { _ = try schema.requireCollection(collection) }
        guard let match = SearchIndex.matchExpression(query) else {
            throw SyncError(.badRequest, "the search '\(query.prefix(60))' has no letter or digit to look for")
        }
        return try storage {
            try pool.read { db in
                let sql = "SELECT collection, id, scope FROM _search WHERE _search MATCH ?"
                    + (collection == nil ? "" : " AND collection = ?") + " ORDER BY bm25(_search) LIMIT ?"
                var arguments: StatementArguments = [match]
                if let collection { arguments += [collection] }
                arguments += [max(1, limit)]
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                    SearchHit(key: RecordKey(collection: $0["collection"], id: $0["id"]), scope: $0["scope"])
                }
            }
        }
    }
}
