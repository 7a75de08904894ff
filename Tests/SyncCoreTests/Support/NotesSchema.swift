import SyncCore

/// A small schema of the tests' own, which proves the engine knows no collection of its own:
/// `notes` (text, a decimal, an integer, a date, a list, a field only the board writes, rules
/// and search) in three regions (one retired into another), and `labels`, reference data seeded
/// in editions.
enum Notes {
    static let writers: Set<Role> = [.province, .board]
    static let boardOnly: Set<Role> = [.board]

    static let notes = CollectionSpec("notes", scope: .any, fields: [
        FieldSpec("title", .text, owner: .province, writers: writers, maxLength: 200, required: true),
        FieldSpec("kind", .text, owner: .province, writers: writers, allowed: ["memo", "task"], required: true),
        FieldSpec("priority", .integer, owner: .province, writers: writers, required: true, range: 1...5),
        FieldSpec("amount", .decimal, owner: .province, writers: writers),
        FieldSpec("body", .text, owner: .province, writers: writers, maxLength: 20_000),
        FieldSpec("due", .date, owner: .province, writers: writers),
        FieldSpec("tags", .textList, owner: .province, writers: writers, maxLength: 40),
        FieldSpec("assignee", .text, owner: .province, writers: writers, maxLength: 64),
        FieldSpec("team", .text, owner: .province, writers: writers, maxLength: 64),
        FieldSpec("label", .text, owner: .province, writers: writers, maxLength: 32),
        // The owner rule: only the board reviews, and its review wins a conflict.
        FieldSpec("review", .text, owner: .board, writers: boardOnly, allowed: ["pending", "accepted", "refused"]),
    ], rules: [
        .exactlyOne(["assignee", "team"]),
        .check { note in
            guard case .text(let label) = note.value("label") else { return }
            guard try note.value(of: "name", in: "labels", id: label) != nil else {
                throw SyncError(.wrongType, "'label' names label '\(label)', which is not among the labels")
            }
        },
    ], search: ["title", "body"])

    static let labels = CollectionSpec("labels", scope: .nationalOnly, fields: [
        FieldSpec("name", .text, owner: .board, writers: boardOnly, maxLength: 100, required: true),
        FieldSpec("color", .text, owner: .board, writers: boardOnly, maxLength: 20),
    ], search: ["name"])

    static let regions = ScopeRules(codes: ["north", "south", "central"], successors: ["old-north": "north"],
                                    vocabulary: .init(noun: "region", example: "north", retired: "the retired codes such as old-north"))

    static let migrations = [
        SQLMigration("notes 1: notes, labels", sql: """
            CREATE TABLE "notes" (
                id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL,
                "title" TEXT, "kind" TEXT, "priority" INTEGER, "amount" REAL, "body" TEXT, "due" TEXT, "tags" TEXT,
                "assignee" TEXT, "team" TEXT, "label" TEXT, "review" TEXT
            );
            CREATE TABLE "labels" (id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, "name" TEXT, "color" TEXT);
            """),
    ]

    /// The labels as edition `edition` seeds them: edition 1 names them, edition 2 adds colours.
    static func labelSeed(edition: UInt64) -> [RecordVersion] {
        [("urgent", "Urgent", "red"), ("later", "Later", "grey")].map { id, name, color in
            func value(_ value: FieldValue, since: UInt64) -> [Sibling] {
                [Sibling(dot: Dot(node: .seed, counter: since), timestamp: .zero, role: .board, value: value)]
            }
            var fields: [String: [Sibling]] = ["name": value(.text(name), since: 1), RecordState.deletedField: value(.bool(false), since: 1)]
            if edition >= 2 { fields["color"] = value(.text(color), since: 2) }
            return RecordVersion(key: RecordKey(collection: "labels", id: id), scope: Scope.national,
                                 state: RecordState(vv: VersionVector([.seed: edition]), fields: fields))
        }
    }

    /// The schema with the labels of `labelsEdition`.
    static func schema(labelsEdition: UInt64 = 2) -> Schema {
        Schema(name: "notes", version: 1, collections: [notes, labels], scopes: regions,
               seed: SeedData(labelSeed(edition: labelsEdition)), migrations: migrations)
    }
}

extension Schema {
    /// The tests' schema, with the current labels.
    static let notes = Notes.schema()
}
