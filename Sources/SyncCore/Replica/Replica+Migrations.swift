import GRDB

/// The replica file's migrations: the engine's own tables first, then the schema's typed tables,
/// then the tables of the replica's owner (`companions`). Every migration is frozen: it states its
/// own SQL and reads no application type, so it means the same thing in every release. A change
/// is a new migration; a shipped one is never edited or renamed.
enum ReplicaMigrations {
    /// The migrator for a replica of `schema` whose owner keeps `companions` beside it.
    static func migrator(for schema: Schema, companions: [SQLMigration]) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for (identifier, body) in engine { migrator.registerMigration(identifier, migrate: body) }
        for migration in schema.migrations + companions {
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
        }
        return migrator
    }

    /// Refuses, before migrating, a file that is no replica, holds another schema, or holds
    /// migrations this program does not know (a newer release, or another program's file).
    static func checkOpenable(_ db: Database, path: String, schema: Schema, migrator: DatabaseMigrator) throws {
        guard try db.tableExists("_node") else {
            throw SyncError(.replicaUnusable, "\(path) is not a tdsync replica (no node table)")
        }
        if try db.columns(in: "_node").contains(where: { $0.name == "schema_name" }),
           let stored = try String.fetchOne(db, sql: "SELECT schema_name FROM _node WHERE id = 1"), stored != schema.name {
            throw SyncError(.replicaUnusable, "\(path) holds records of schema '\(stored)', not '\(schema.name)'; open it with the program it belongs to")
        }
        let known = Set(migrator.migrations)
        if let unknown = try migrator.appliedIdentifiers(db).sorted().first(where: { !known.contains($0) }) {
            throw SyncError(.replicaUnusable, "\(path) was written by a newer tdsync (or is another program's file: it records migration '\(unknown)'); upgrade tdsync to open it")
        }
    }

    /// The engine's migrations, in order.
    static let engine: [(String, @Sendable (Database) throws -> Void)] = [
        // Releases before the schema was the application's also created the typed tables here;
        // a schema's first migration now does (see `Schema.migrations`).
        ("v1: node, records, conflicts, typed tables", { db in
            try db.execute(sql: """
                CREATE TABLE _node (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    node_id TEXT NOT NULL,
                    role TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    counter INTEGER NOT NULL,
                    hlc_physical INTEGER NOT NULL,
                    hlc_logical INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE _records (
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    state TEXT NOT NULL,
                    deleted INTEGER NOT NULL,
                    conflicted INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (collection, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX _records_by_seq ON _records (seq);
                CREATE TABLE _conflicts (
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    field TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    siblings TEXT NOT NULL,
                    PRIMARY KEY (collection, id, field)
                ) WITHOUT ROWID;
                """)
        }),
        ("v2: outbox, sync state, rejections", { db in
            try db.execute(sql: """
                ALTER TABLE _records ADD COLUMN dirty INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX _records_outbox ON _records (seq) WHERE dirty = 1;
                CREATE TABLE _sync (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    hub_url TEXT,
                    token TEXT,
                    pull_cursor INTEGER NOT NULL DEFAULT 0,
                    last_sync_at TEXT,
                    last_error TEXT
                );
                INSERT INTO _sync (id) VALUES (1);
                CREATE TABLE _rejections (
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL,
                    at TEXT NOT NULL,
                    PRIMARY KEY (collection, id)
                ) WITHOUT ROWID;
                """)
        }),
        ("v3: hub epoch", { db in
            try db.execute(sql: "ALTER TABLE _sync ADD COLUMN hub_epoch TEXT")
        }),
        ("v4: origin of a record's state, echo pulls after a restore", { db in
            // origin: on a hub, the node whose push produced the record's current state exactly
            // (that node holds it, so its pulls leave it out). echo_until: on a node restored
            // from an older copy, pull its own versions back up to this hub sequence. (Releases
            // before v8 also emptied a hub's typed tables here; v8 does it now.)
            try db.execute(sql: """
                ALTER TABLE _records ADD COLUMN origin TEXT;
                ALTER TABLE _sync ADD COLUMN echo_until INTEGER NOT NULL DEFAULT 0;
                """)
        }),
        ("v5: change-log index covering scope and origin", { db in
            // Pages filter by sequence range, scope and origin (Replica+Feed.swift). With these
            // columns in the index, a left-out row costs an index entry instead of a lookup of its
            // state: a province's first pull after pushing 1M records crosses them in milliseconds.
            // Sequences stay unique because a write takes the next one under the write lock.
            try db.execute(sql: """
                DROP INDEX _records_by_seq;
                CREATE INDEX _records_feed ON _records (seq, scope, origin);
                """)
        }),
        ("v6: accent-insensitive search", { db in
            // The index's content is derived from the records: it is (re)built when the schema's
            // search fields differ from those it was built with (`_node.search_definition`, v8).
            try db.execute(sql: """
                CREATE VIRTUAL TABLE _search USING fts5(collection UNINDEXED, id UNINDEXED, scope UNINDEXED, text,
                                                         tokenize = 'unicode61 remove_diacritics 0');
                CREATE TABLE _search_map (collection TEXT NOT NULL, id TEXT NOT NULL, docid INTEGER NOT NULL,
                                          PRIMARY KEY (collection, id)) WITHOUT ROWID;
                """)
        }),
        ("v8: purpose, schema name, search definition", { db in
            // purpose: `relay` for a replica that keeps no typed tables (a hub's), which releases
            // before v8 recognised by its node id `hub`. schema_name: the schema the records belong
            // to (null in older files until opened). search_definition: the search fields the
            // index was built with.
            try db.execute(sql: """
                ALTER TABLE _node ADD COLUMN purpose TEXT NOT NULL DEFAULT 'node';
                ALTER TABLE _node ADD COLUMN schema_name TEXT;
                ALTER TABLE _node ADD COLUMN search_definition TEXT;
                UPDATE _node SET purpose = 'relay' WHERE node_id = 'hub';
                """)
            // A relay's typed tables stay empty (a file older than v4 may still have rows in them).
            guard try String.fetchOne(db, sql: "SELECT purpose FROM _node WHERE id = 1") == "relay" else { return }
            let typedTables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table'
                AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'grdb%'
                """)
            for table in typedTables { try db.execute(sql: "DELETE FROM \"\(table)\"") }
        }),
        ("v9: records by row id with compact states, the outbox as its own table, field positions", { db in
            // _records becomes a rowid table with an explicit row id (VACUUM keeps it, so the
            // outbox can point at it): a WITHOUT ROWID row longer than about 1 000 bytes spilled
            // its state into an overflow page of its own. States stay as they are (canonical
            // JSON, starting with `{`) and take the compact form (`StoredState`) when next
            // written. dirty leaves the row for _outbox, so acknowledging a push rewrites an
            // outbox entry, not a state. _fields gives each collection's fields their positions in
            // the compact form (filled from the schema when the replica opens).
            try db.execute(sql: """
                CREATE TABLE _records_v9 (
                    rid INTEGER PRIMARY KEY,
                    collection TEXT NOT NULL,
                    id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    deleted INTEGER NOT NULL,
                    conflicted INTEGER NOT NULL,
                    origin TEXT,
                    state BLOB NOT NULL
                );
                INSERT INTO _records_v9 (collection, id, scope, seq, deleted, conflicted, origin, state)
                    SELECT collection, id, scope, seq, deleted, conflicted, origin, state FROM _records ORDER BY seq;
                CREATE UNIQUE INDEX _records_v9_key ON _records_v9 (collection, id);
                CREATE TABLE _outbox (seq INTEGER PRIMARY KEY, record INTEGER NOT NULL UNIQUE);
                INSERT INTO _outbox (seq, record)
                    SELECT r.seq, n.rid FROM _records AS r JOIN _records_v9 AS n ON n.collection = r.collection AND n.id = r.id
                    WHERE r.dirty = 1;
                DROP TABLE _records;
                ALTER TABLE _records_v9 RENAME TO _records;
                CREATE INDEX _records_feed ON _records (seq, scope, origin);
                CREATE TABLE _fields (
                    collection TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    PRIMARY KEY (collection, position),
                    UNIQUE (collection, name)
                ) WITHOUT ROWID;
                """)
        }),
        ("v10: search entries under the record's row id", { db in
            // An entry's FTS5 row id is its record's rid, so _search_map goes, and with it a
            // look-up and an insert per indexed write; collection, id and scope come from
            // _records. The index is derived data: it is emptied here, and the cleared
            // search_definition makes the replica rebuild it from the records when it opens.
            try db.execute(sql: """
                DROP TABLE _search;
                DROP TABLE _search_map;
                CREATE VIRTUAL TABLE _search USING fts5(text, tokenize = 'unicode61 remove_diacritics 0');
                UPDATE _node SET search_definition = NULL;
                """)
        }),
    ]
}
