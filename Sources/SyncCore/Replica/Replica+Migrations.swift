import GRDB

extension Replica {
    /// The replica's migrations. Append-only: a migration that has shipped is never changed;
    /// a schema change is a new migration.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: node, records, conflicts, typed tables") { db in
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
            // Typed tables as schema version 1 declared them: later schema versions add tables and
            // columns in their own migrations (the `since` of collections and fields).
            for spec in Schema.current.collections where spec.since == 1 {
                try db.execute(sql: TypedTable.createSQL(spec, schemaVersion: 1))
            }
        }
        migrator.registerMigration("v2: outbox, sync state, rejections") { db in
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
        }
        migrator.registerMigration("v3: hub epoch") { db in
            try db.execute(sql: "ALTER TABLE _sync ADD COLUMN hub_epoch TEXT")
        }
        migrator.registerMigration("v4: origin of a record's state, echo pulls after a restore") { db in
            // origin: on a hub, the node whose push produced the record's current state exactly
            // (that node holds it, so its pulls leave it out). echo_until: on a node restored
            // from an older copy, pull its own versions back up to this hub sequence.
            try db.execute(sql: """
                ALTER TABLE _records ADD COLUMN origin TEXT;
                ALTER TABLE _sync ADD COLUMN echo_until INTEGER NOT NULL DEFAULT 0;
                """)
            // A hub's replica no longer keeps typed tables (nobody queries them there).
            if try String.fetchOne(db, sql: "SELECT node_id FROM _node WHERE id = 1") == NodeID.hubReplica.rawValue {
                for spec in Schema.current.collections { try db.execute(sql: "DELETE FROM \"\(spec.name)\"") }
            }
        }
        migrator.registerMigration("v5: change-log index covering scope and origin") { db in
            // Pages filter by sequence range, scope and origin (Replica+Feed.swift). With these
            // columns in the index, a left-out row costs an index entry instead of a lookup of its
            // state: a province's first pull after pushing 1M records crosses them in milliseconds.
            // Sequences stay unique because a write takes the next one under the write lock.
            try db.execute(sql: """
                DROP INDEX _records_by_seq;
                CREATE INDEX _records_feed ON _records (seq, scope, origin);
                """)
        }
        migrator.registerMigration("v6: accent-insensitive search") { db in
            try db.execute(sql: SearchIndex.createSQL)
            try db.execute(sql: SearchIndex.mapSQL)
            // Index what the replica holds already (a hub's replica keeps no typed tables, and no index).
            guard try String.fetchOne(db, sql: "SELECT node_id FROM _node WHERE id = 1") != NodeID.hubReplica.rawValue else { return }
            let rows = try Row.fetchCursor(db, sql: "SELECT collection, id, scope, state FROM _records WHERE deleted = 0")
            while let row = try rows.next() {
                guard let spec = Schema.current.collection(row["collection"]) else { continue }
                let key = RecordKey(collection: spec.name, id: row["id"])
                let stored: String = row["state"]
                guard let state = try? RecordCodec.decodeState(Array(stored.utf8)) else { continue }
                try SearchIndex.store(RecordVersion(key: key, scope: row["scope"], state: state), spec: spec, in: db)
            }
        }
        migrator.registerMigration("v7: schema 2 — people's yearly records, initiatives, eligibility rules") { db in
            for sql in TypedTable.migrationSQL(toSchemaVersion: 2) { try db.execute(sql: sql) }
        }
        return migrator
    }()
}
