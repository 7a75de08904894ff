import Foundation
import GRDB
import Testing
import TestSupport
@testable import SyncCore

/// What the engine does with the schema it is given: reference data seeded in editions, typed
/// tables that must come from the schema's migrations, one schema per file, queries over the
/// typed tables.
@Suite struct SchemaMechanismTests {
    @Test func aNewerEditionOfReferenceDataIsTakenWhenOpenedAndKeepsTheBoardsEdits() throws {
        let dir = try TemporaryDirectory()
        let old = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [], schema: Notes.schema(labelsEdition: 1))
        #expect(try old.row(in: "labels", id: "urgent")?["color"] == .null)
        try old.write(LocalWrite(key: RecordKey(collection: "labels", id: "later"), operation: .update, values: ["name": .text("Some day")]))
        let before = try old.nodeState()
        try old.close()

        let upgraded = try Fixtures.open(dir.path("board.sqlite"))
        #expect(try upgraded.row(in: "labels", id: "urgent")?["color"] == .text("red"))
        let later = try #require(try upgraded.row(in: "labels", id: "later"))
        #expect(later["name"] == .text("Some day"), "the board's edit survives the new edition")
        #expect(later["color"] == .text("grey"))
        let after = try upgraded.nodeState()
        #expect(after.counter == before.counter, "an upgrade is no write of this node")
        #expect(after.lastSeq == before.lastSeq + 2, "each label once in the change log")
        #expect(try upgraded.outbox(limit: 10).map(\.version.key.id) == ["later"], "only the board's own edit waits to be pushed")
        try upgraded.close()
        #expect(try Fixtures.open(dir.path("board.sqlite")).nodeState().lastSeq == after.lastSeq, "done once")
    }

    @Test func aSchemaWhoseMigrationsLackADeclaredColumnIsRefused() throws {
        let dir = try TemporaryDirectory()
        let notes = Notes.notes
        let extra = FieldSpec("colour", .text, owner: .province, writers: Notes.writers)
        let widened = CollectionSpec("notes", scope: notes.scopeRule, fields: notes.fields + [extra], rules: notes.rules, search: notes.search)
        let schema = Schema(name: "notes", version: 2, collections: [widened, Notes.labels], scopes: Notes.regions, migrations: Notes.migrations)
        do { _ = try Fixtures.makeReplica(dir, "hn", schema: schema); Issue.record("created tables the schema does not declare") }
        catch let error as SyncError {
            #expect(error.code == .replicaUnusable && error.message.contains("notes lacks colour TEXT"), "\(error)")
        }
        let fixed = Schema(name: "notes", version: 2, collections: [widened, Notes.labels], scopes: Notes.regions,
                           migrations: Notes.migrations + [SQLMigration("notes 2: colour", sql: "ALTER TABLE notes ADD COLUMN colour TEXT")])
        let replica = try Fixtures.makeReplica(dir, "hn", schema: fixed)
        try replica.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .create(scope: "north"),
                                     values: Fixtures.createNote("n1").values.merging(["colour": .text("teal")]) { a, _ in a }))
        #expect(try replica.row(in: "notes", id: "n1")?["colour"] == .text("teal"))
    }

    @Test func aReplicaOfAnotherSchemaOrProgramIsRefused() throws {
        let dir = try TemporaryDirectory()
        try Fixtures.makeReplica(dir, "hn").close()
        let other = Schema(name: "tasks", version: 1, collections: [], scopes: Notes.regions, migrations: [])
        do { _ = try Fixtures.open(dir.path("hn.sqlite"), schema: other); Issue.record("opened a notes replica as tasks") }
        catch let error as SyncError { #expect(error.code == .replicaUnusable && error.message.contains("schema 'notes'")) }
        // A migration this program does not know: a newer release, or another program's tables.
        let queue = try DatabaseQueue(path: dir.path("hn.sqlite"))
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('notes 9: from the future')") }
        try queue.close()
        do { _ = try Fixtures.open(dir.path("hn.sqlite")); Issue.record("opened a file of a newer release") }
        catch let error as SyncError { #expect(error.code == .replicaUnusable && error.message.contains("notes 9: from the future")) }
    }

    @Test func typedTablesAnswerQueriesWithTheFieldsTypes() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        for (id, priority, amount) in [("a", 2, "1.5"), ("b", 5, "20"), ("c", 2, nil)] as [(String, Int64, String?)] {
            var values = Fixtures.createNote(id, priority: priority).values
            values["amount"] = amount.map { .decimal(DecimalText($0)!) } ?? .null
            values["due"] = .date(CivilDate(year: 2025, month: 12, day: 1)!)
            values["tags"] = .textList(["x", id])
            try replica.write(LocalWrite(key: Fixtures.noteKey(id), operation: .create(scope: "north"), values: values))
        }
        try replica.write(LocalWrite(key: Fixtures.noteKey("b"), operation: .delete))
        let twos = try replica.rows(TableQuery("notes", where: [.equals("priority", .integer(2))], orderedBy: [.descending("id")]))
        #expect(twos.map(\.id) == ["c", "a"])
        #expect(twos[1]["amount"] == .decimal(DecimalText("1.5")!))
        #expect(twos[1]["due"] == .date(CivilDate(year: 2025, month: 12, day: 1)!))
        #expect(twos[1]["tags"] == .textList(["x", "a"]))
        #expect(twos[0]["amount"] == .null)
        #expect(try replica.rows(TableQuery("notes", where: [.equals("amount", .null)])).map(\.id) == ["c"])
        #expect(try replica.row(in: "notes", id: "b") == nil, "deleted records leave the typed table")
        #expect(try replica.count(in: "notes") == 2)
        #expect(throws: SyncError.self) { try replica.rows(TableQuery("notes", where: [.equals("colour", .text("red"))])) }
        #expect(throws: SyncError.self) { try replica.rows(TableQuery("ghosts")) }
    }
}
