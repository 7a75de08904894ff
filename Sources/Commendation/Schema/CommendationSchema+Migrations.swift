import SyncCore

extension CommendationSchema {
    /// The typed tables' migrations, frozen: each states its own tables and columns and is never
    /// changed once shipped. A change of the schema is a new migration here (and a new `version`).
    static let migrations: [SQLMigration] = [
        // Schema 1's tables. Releases before the engine took its schema from the application made
        // them in the engine's migration "v1: node, records, conflicts, typed tables", so a file of
        // those releases already holds them, exactly so: IF NOT EXISTS.
        SQLMigration("commendation 1: units, campaigns, award types, nominations", sql: """
            CREATE TABLE IF NOT EXISTS "units" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "name" TEXT,
                "kind" TEXT,
                "parent_id" TEXT,
                "province_code" TEXT
            );
            CREATE TABLE IF NOT EXISTS "campaigns" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "title" TEXT,
                "slogan" TEXT,
                "launching_authority" TEXT,
                "kind" TEXT,
                "starts_on" TEXT,
                "ends_on" TEXT,
                "targets" TEXT
            );
            CREATE TABLE IF NOT EXISTS "award_types" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "name" TEXT,
                "category" TEXT,
                "subjects" TEXT,
                "level" TEXT,
                "decided_by" TEXT,
                "bonus_base_salary_multiple" REAL,
                "legal_basis" TEXT,
                "valid_from" TEXT,
                "valid_to" TEXT
            );
            CREATE TABLE IF NOT EXISTS "nominations" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "nominee_name" TEXT,
                "nominee_kind" TEXT,
                "unit_id" TEXT,
                "title_code" TEXT,
                "award_form_code" TEXT,
                "campaign_id" TEXT,
                "year" INTEGER,
                "achievements" TEXT,
                "status" TEXT,
                "board_status" TEXT,
                "decision_number" TEXT,
                "decision_date" TEXT,
                "decision_authority" TEXT,
                "board_reason" TEXT
            );
            """),
        // Schema 2, under the name it shipped with.
        SQLMigration("v7: schema 2 — people's yearly records, initiatives, eligibility rules", sql: """
            ALTER TABLE "nominations" ADD COLUMN "person_id" TEXT;
            CREATE TABLE "person_years" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "person_id" TEXT,
                "person_name" TEXT,
                "unit_id" TEXT,
                "year" INTEGER,
                "task_rating" TEXT,
                "titles" TEXT,
                "awards" TEXT,
                "research_accepted" INTEGER,
                "disciplined" INTEGER,
                "direct_worker" INTEGER
            );
            CREATE TABLE "initiatives" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "person_id" TEXT,
                "title" TEXT,
                "year" INTEGER,
                "level" TEXT,
                "used_by" TEXT
            );
            CREATE TABLE "eligibility_rules" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "award_code" TEXT,
                "subject" TEXT,
                "article" TEXT,
                "summary" TEXT,
                "conditions" TEXT,
                "valid_from" TEXT,
                "valid_to" TEXT
            );
            CREATE TABLE "nomination_events" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "nomination_id" TEXT,
                "action" TEXT,
                "actor" TEXT,
                "at" TEXT,
                "reason" TEXT,
                "decision_number" TEXT
            );
            CREATE TABLE "decisions" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "number" TEXT,
                "date" TEXT,
                "authority" TEXT,
                "award_code" TEXT,
                "nomination_ids" TEXT,
                "summary" TEXT
            );
            CREATE TABLE "campaign_registrations" (
                id TEXT PRIMARY KEY NOT NULL,
                scope TEXT NOT NULL,
                "campaign_id" TEXT,
                "registrant" TEXT,
                "registrant_kind" TEXT,
                "unit_id" TEXT,
                "registered_on" TEXT,
                "pledges" TEXT,
                "target_code" TEXT,
                "result" TEXT,
                "result_note" TEXT
            );
            """),
    ]
}
