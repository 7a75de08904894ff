import Foundation
import Logging
import PostgresNIO
import SyncCore

/// The hub's tables in PostgreSQL. Append-only: a migration that has shipped is never changed;
/// a schema change is a new migration. Every hub instance runs the pending ones at start, in
/// one transaction under an advisory lock, so instances starting together migrate once.
enum PostgresMigrations {
    struct Migration {
        let version: Int
        let name: String
        let statements: [PostgresQuery]
    }

    /// The advisory lock key migrations hold (`tdsync` in ASCII).
    static let lockKey: Int64 = 0x7464_7379_6e63

    static let all: [Migration] = [
        Migration(version: 1, name: "records, change log, node registry, hub state", statements: [
            """
            CREATE TABLE tdsync_hub_state (
                id integer PRIMARY KEY CHECK (id = 1),
                last_seq bigint NOT NULL,
                epoch text NOT NULL
            )
            """,
            // A record's current state, canonical JSON, at the change-log sequence of its last
            // change; origin: the node whose push it is exactly (left out of that node's pulls).
            """
            CREATE TABLE tdsync_records (
                collection text NOT NULL,
                id text NOT NULL,
                scope text NOT NULL,
                state text NOT NULL,
                seq bigint NOT NULL,
                origin text,
                PRIMARY KEY (collection, id)
            )
            """,
            // Pages filter by sequence range, scope and origin: covered by the index.
            "CREATE UNIQUE INDEX tdsync_records_feed ON tdsync_records (seq) INCLUDE (scope, origin)",
            """
            CREATE TABLE tdsync_nodes (
                node_id text PRIMARY KEY,
                role text NOT NULL,
                scopes text NOT NULL,
                token_hash text NOT NULL,
                created_at text NOT NULL,
                revoked_at text,
                highest_counter bigint NOT NULL DEFAULT 0,
                last_seen_seq bigint,
                last_seen_at text
            )
            """,
        ]),
    ]

    /// Runs the pending migrations and creates the hub state row; a database migrated by a
    /// newer tdsync, or not in UTF-8, is refused with the reason.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        let encoding = try await connection.query("SHOW server_encoding", logger: logger).collect().first?.decode(String.self) ?? "?"
        guard encoding.uppercased() == "UTF8" else {
            throw SyncError(.storageFailure, "the database's encoding is \(encoding); tdsync needs UTF8 (createdb -E UTF8)")
        }
        try await connection.withTransaction(logger: logger) { db in
            try await db.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            try await db.query("""
                CREATE TABLE IF NOT EXISTS tdsync_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await db.query("SELECT version FROM tdsync_migrations", logger: logger).decode(Int.self) {
                applied.insert(version)
            }
            if let newest = applied.max(), newest > all.last?.version ?? 0 {
                throw SyncError(.replicaUnusable, "the database was migrated by a newer tdsync (migration \(newest)); upgrade this hub")
            }
            for migration in all where !applied.contains(migration.version) {
                logger.info("PostgreSQL migration \(migration.version): \(migration.name)")
                for statement in migration.statements { try await db.query(statement, logger: logger) }
                try await db.query("INSERT INTO tdsync_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
            let epoch = UUID().uuidString.lowercased()
            try await db.query("INSERT INTO tdsync_hub_state (id, last_seq, epoch) VALUES (1, 0, \(epoch)) ON CONFLICT (id) DO NOTHING", logger: logger)
        }
    }
}
