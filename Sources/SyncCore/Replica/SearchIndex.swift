import GRDB

/// Accent-insensitive full-text search over the visible values of the fields each collection
/// names in `CollectionSpec.search`: an FTS5 table `_search` holding each live record's folded
/// text (`TextNormalizer.folded`) under the record's row id in `_records`, kept with the typed
/// tables in the same transaction.
enum SearchIndex {
    /// The folded text of a record's visible searchable values, or nil when it has none.
    static func text(of version: RecordVersion, spec: CollectionSpec) -> String? {
        guard !spec.search.isEmpty, !version.state.isDeleted else { return nil }
        // Folded into one buffer as the values are found, without collecting or joining them;
        // text outside the fold table's ranges is folded by Unicode, as `TextNormalizer.folded`
        // does, from the values collected again.
        var folder = FoldTable.Folder(capacity: 256)
        var found = false
        for (name, owner) in spec.searchedFields {
            guard let siblings = version.state.fields[name], let winner = Winner.pickIndex(siblings, owner: owner) else { continue }
            switch siblings[winner].value {
            case .text(let text):
                found = true
                guard folder.append(text) else { return foldedByUnicode(version, spec: spec) }
            case .textList(let items):
                for item in items {
                    found = true
                    guard folder.append(item) else { return foldedByUnicode(version, spec: spec) }
                }
            default: continue
            }
        }
        return found ? folder.result : nil
    }

    /// `text(of:spec:)` for values with text outside the fold table.
    private static func foldedByUnicode(_ version: RecordVersion, spec: CollectionSpec) -> String {
        var parts: [String] = []
        for (name, owner) in spec.searchedFields {
            guard let siblings = version.state.fields[name], let winner = Winner.pick(siblings, owner: owner) else { continue }
            switch winner.value {
            case .text(let text): parts.append(text)
            case .textList(let items): parts.append(contentsOf: items)
            default: continue
            }
        }
        return TextNormalizer.foldedByUnicode(parts.joined(separator: " "))
    }

    /// The search fields of `schema`, as `_node.search_definition` records what the index holds.
    static func definition(of schema: Schema) -> String {
        schema.collections.filter { !$0.search.isEmpty }.map { "\($0.name):\($0.search.joined(separator: ","))" }.joined(separator: ";")
    }

    /// Sets the entry of the record at row `rid` (removes it, for a deleted record or one with
    /// nothing to search). `isNew`: the record was just inserted, so it has no entry yet.
    static func store(_ version: RecordVersion, rid: Int64, isNew: Bool, spec: CollectionSpec, in db: Database) throws {
        guard !spec.search.isEmpty else { return }
        try write(text(of: version, spec: spec), rid: rid, isNew: isNew, statements: nil, in: db)
    }

    /// Sets the entry at row `rid` to `text` (nil removes it); `statements`: the transaction's,
    /// when the caller has them.
    fileprivate static func write(_ text: String?, rid: Int64, isNew: Bool, statements: WriteStatements?, in db: Database) throws {
        func statement(_ slot: WriteStatements.Slot) throws -> SQLiteStatement {
            try statements?.statement(slot, in: db) ?? SQLiteStatement(db, slot.sql)
        }
        if !isNew {
            let current = try statement(.searchText)
            current.bind(1, rid)
            let existing = try current.step()
            // Most changes (a status, say) leave the searchable text as it was: keep the entry.
            let same = existing && text.map { current.equals(0, $0) } == true
            current.finish()
            if same { return }
            if existing {
                let delete = try statement(.searchDelete)
                delete.bind(1, rid)
                try delete.run()
            }
        }
        guard let text else { return }
        let insert = try statement(.searchInsert)
        insert.bind(1, rid)
        if let statements {
            defer { insert.clearBindings() }
            var arena = statements.arena()
            insert.bind(2, text, in: &arena)
            try insert.run()
        } else {
            insert.bind(2, text)
            try insert.run()
        }
    }

    /// The FTS5 query for what a person typed: every word, folded, as a prefix, all required.
    /// Nil when nothing searchable is left.
    static func matchExpression(_ query: String) -> String? {
        let words = TextNormalizer.folded(query).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"*" }.joined(separator: " AND ")
    }
}

/// The search entries one write transaction sets, written together in row-id order just before it
/// commits (`WriteContext.store`). FTS5 writes its pending terms out as a new index segment, to be
/// merged later, whenever a statement journal opens in the transaction (any later write to
/// another table that might fail midway: `_records`, a typed table) and whenever a row id is lower
/// than the one written before it. Entries written as each record is saved cost a segment each;
/// written last and in order, a transaction's entries make one.
struct SearchWrites {
    /// Each entry as it was set, in order; a record set twice appears twice.
    private var entries: [(rid: Int64, text: String?, isNew: Bool)] = []

    /// Where a rollback to this point cuts the entries (`rollBack(to:)`).
    var mark: Int { entries.count }

    /// Forgets the entries set since `mark` (a write rolled back to its savepoint).
    mutating func rollBack(to mark: Int) { entries.removeSubrange(mark...) }

    /// Sets the entry of the record at row `rid` to the searchable text of `version`, for the commit.
    mutating func set(_ version: RecordVersion, rid: Int64, isNew: Bool, spec: CollectionSpec) {
        guard !spec.search.isEmpty else { return }
        entries.append((rid, SearchIndex.text(of: version, spec: spec), isNew))
    }

    /// Writes the entries by ascending row id: a record set more than once gets its last text,
    /// and counts as new if it was new when first set.
    func write(statements: WriteStatements, in db: Database) throws {
        let order = entries.indices.sorted { entries[$0].rid != entries[$1].rid ? entries[$0].rid < entries[$1].rid : $0 < $1 }
        var i = 0
        while i < order.count {
            let first = entries[order[i]]
            var last = first
            while i + 1 < order.count, entries[order[i + 1]].rid == first.rid {
                i += 1
                last = entries[order[i]]
            }
            try SearchIndex.write(last.text, rid: first.rid, isNew: first.isNew, statements: statements, in: db)
            i += 1
        }
    }
}

/// One record found by `Replica.search`.
public struct SearchHit: Sendable, Equatable {
    public let key: RecordKey
    public let scope: String
}

extension Replica {
    /// Records whose searched fields (`CollectionSpec.search`) contain every word of `query`
    /// (accents, case and đ/d ignored; each word also matches as a prefix), best matches first.
    public func search(_ query: String, collection: String? = nil, limit: Int = 50) throws -> [SearchHit] {
        if let collection { _ = try schema.requireCollection(collection) }
        guard let match = SearchIndex.matchExpression(query) else {
            throw SyncError(.badRequest, "the search '\(query.prefix(60))' has no letter or digit to look for")
        }
        return try storage {
            try pool.read { db in
                let sql = "SELECT r.collection, r.id, r.scope FROM _search JOIN _records AS r ON r.rid = _search.rowid WHERE _search MATCH ?"
                    + (collection == nil ? "" : " AND r.collection = ?") + " ORDER BY bm25(_search) LIMIT ?"
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

extension Replica {
    /// Builds the search index anew from the records when the schema's search fields differ from
    /// those it was built with. A file that records none (written before v8, or migrated by v10,
    /// which empties the index) keeps its index as it is, unless it is empty while records are there to find.
    func refreshSearchIndexIfNeeded() throws {
        guard keepsTypedTables else { return }
        let wanted = SearchIndex.definition(of: schema)
        let recorded = try storage { try pool.read { try String.fetchOne($0, sql: "SELECT search_definition FROM _node WHERE id = 1") } }
        guard recorded != wanted else { return }
        try storage {
            try pool.write { db in
                let stored = try String.fetchOne(db, sql: "SELECT search_definition FROM _node WHERE id = 1")
                guard stored != wanted else { return }
                let indexed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM _search)") ?? false
                if stored != nil || !indexed {
                    try db.execute(sql: "DELETE FROM _search")
                    let searched = schema.collections.filter { !$0.search.isEmpty }
                    for spec in searched {
                        // In row-id order: FTS5 starts a new index segment whenever a row id is
                        // lower than the one written before it.
                        let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.versionColumns), rid FROM _records WHERE collection = ? AND deleted = 0 ORDER BY rid",
                                                       arguments: [spec.name])
                        while let row = try rows.next() {
                            try SearchIndex.store(try version(from: row), rid: row["rid"], isNew: true, spec: spec, in: db)
                        }
                    }
                }
                try db.execute(sql: "UPDATE _node SET search_definition = ? WHERE id = 1", arguments: [wanted])
            }
        }
    }
}
