import Foundation
import Testing
import TestSupport
@testable import SyncCore

/// Accent-insensitive search: the folded keys, and the FTS5 index kept with the typed tables.
@Suite struct SearchTests {
    @Test func foldingRemovesMarksCaseAndMapsDToD() {
        #expect(TextNormalizer.folded("Nguyễn Văn An") == "nguyen van an")
        #expect(TextNormalizer.folded("Trần Đức Thắng") == "tran duc thang")
        #expect(TextNormalizer.folded("Lao động tiên tiến") == "lao dong tien tien")
        // Decomposed input folds the same as precomposed.
        #expect(TextNormalizer.folded("Nguye\u{0302}\u{0303}n  \t Đ") == "nguyen d")
        #expect(TextNormalizer.folded("ĐẶNG ĐÌNH ĐẠI") == "dang dinh dai")
        #expect(TextNormalizer.folded("  ơ ư ă â ê ô  ") == "o u a a e o")
        #expect(TextNormalizer.folded("") == "")
    }

    @Test func tableFoldAgreesWithUnicodeFoldOnEveryScalarItCovers() {
        let covered = FoldTable.covered
        var mismatches: [String] = []
        for scalar in covered {
            // Alone, between letters, and doubled: white space collapses the same way in both.
            for text in [String(Character(scalar)), "a\(Character(scalar))b", "Ư\(Character(scalar))\(Character(scalar)) đ"] {
                let fast = FoldTable.fold(text)
                if fast != TextNormalizer.foldedByUnicode(text) { mismatches.append("U+\(String(scalar.value, radix: 16)): \(fast ?? "nil")") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        // Outside the table the fold goes by Unicode: Greek final sigma depends on its neighbours.
        #expect(FoldTable.fold("ΟΔΟΣ") == nil)
        #expect(TextNormalizer.folded("ΟΔΟΣ Đà") == TextNormalizer.foldedByUnicode("ΟΔΟΣ Đà"))
    }

    @Test func foldingSeveralTextsEqualsFoldingThemJoinedBySpaces() {
        // Parts that fold to nothing, that start or end with white space, and two outside the
        // table (a combining mark alone, Greek): the folder must agree with folding the joined text.
        let pieces = ["Nguyễn Văn An", "  ", "", "\u{0301}", " Đức ", "ĐẶNG\tĐÌNH", "—", "x", " ", "ΟΔΟΣ"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let parts = (0..<Int.random(in: 1...4, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            var folder = FoldTable.Folder(capacity: 16)
            let covered = parts.allSatisfy { folder.append($0) }
            let joined = parts.joined(separator: " ")
            if covered {
                #expect(folder.result == TextNormalizer.folded(joined), "\(parts)")
            } else {
                // Outside the table (Greek, a combining mark alone): so is the joined text.
                #expect(FoldTable.fold(joined) == nil, "\(parts)")
            }
        }
    }

    @Test func searchFindsNamesWithOrWithoutAccentsAndFollowsEdits() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        for (id, name) in [("a", "Nguyễn Văn An"), ("b", "Nguyễn Văn Anh"), ("c", "Trần Đức Thắng"), ("d", "Đặng Thị Đào")] {
            try replica.write(Fixtures.createNote(id, title: name))
        }
        func ids(_ query: String, _ collection: String? = "notes") throws -> Set<String> {
            Set(try replica.search(query, collection: collection).map(\.key.id))
        }
        #expect(try ids("nguyen van an") == ["a", "b"])         // "an" is also the start of "anh"
        #expect(try ids("Nguyễn Văn Anh") == ["b"])
        #expect(try ids("duc thang") == ["c"])
        #expect(try ids("ĐỨC") == ["c"])
        #expect(try ids("dang dao") == ["d"])
        #expect(try ids("nguyen thang").isEmpty)                // every word must match
        // Seeded reference data is searchable too.
        #expect(try ids("urgent", "labels") == ["urgent"])
        #expect(try ids("an", nil) == ["a", "b"])

        // A rename is found by its new name only; a deleted record is not found.
        try replica.write(Fixtures.update("a", ["title": .text("Phạm Minh Đức")]))
        #expect(try ids("nguyen van") == ["b"])
        #expect(try ids("duc") == ["a", "c"])
        try replica.write(LocalWrite(key: Fixtures.noteKey("c"), operation: .delete, values: [:]))
        #expect(try ids("duc") == ["a"])

        #expect(throws: SyncError.self) { try replica.search("—!?") }
        #expect(throws: SyncError.self) { try replica.search("an", collection: "ghosts") }
    }

    @Test func aRecordWrittenSeveralTimesInOneTransactionIsFoundByItsLastText() throws {
        // A transaction's entries are written together at its commit, by row id: each record's
        // last text counts, whether it was new in the transaction or not.
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write(Fixtures.createNote("old", title: "Lê Văn Tám"))
        try replica.write([
            Fixtures.createNote("z", title: "Hoàng Văn Thụ"), Fixtures.update("z", ["title": .text("Nguyễn Thị Minh Khai")]),
            Fixtures.update("old", ["title": .text("Võ Văn Tần")]), Fixtures.update("old", ["title": .text("Phan Đình Phùng")]),
            Fixtures.createNote("gone", title: "Lý Tự Trọng"), LocalWrite(key: Fixtures.noteKey("gone"), operation: .delete, values: [:]),
        ])
        func ids(_ query: String) throws -> Set<String> { Set(try replica.search(query, collection: "notes").map(\.key.id)) }
        #expect(try ids("minh khai") == ["z"])
        #expect(try ids("phan dinh phung") == ["old"])
        #expect(try ids("hoang van thu").isEmpty)
        #expect(try ids("le van tam").isEmpty)
        #expect(try ids("vo van tan").isEmpty)
        #expect(try ids("ly tu trong").isEmpty)
    }

    @Test func aReplicaReopenedKeepsItsIndex() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("hn.sqlite")
        do {
            let replica = try Fixtures.makeReplica(dir, "hn")
            try replica.write(Fixtures.createNote("x", title: "Võ Thị Sáu", priority: 2))
            try replica.close()
        }
        let reopened = try Fixtures.open(path)
        #expect(try reopened.search("vo thi sau").map(\.key.id) == ["x"])
    }

    @Test func theIndexIsRebuiltWhenTheSearchedFieldsChange() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("hn.sqlite")
        do {
            let replica = try Fixtures.makeReplica(dir, "hn")
            var note = Fixtures.createNote("x", title: "Võ Thị Sáu")
            note = LocalWrite(key: note.key, operation: note.operation, values: note.values.merging(["team": .text("Bến Tre"), "assignee": .null]) { _, new in new })
            try replica.write(note)
            #expect(try replica.search("ben tre").isEmpty, "team is not searched")
            try replica.close()
        }
        // The same schema, now also searching `team`: the index is built anew from the records.
        let notes = Notes.notes
        let wider = CollectionSpec("notes", scope: notes.scopeRule, fields: notes.fields, rules: notes.rules, search: ["title", "body", "team"])
        let schema = Schema(name: "notes", version: 1, collections: [wider, Notes.labels], scopes: Notes.regions,
                            seed: Schema.notes.seed, migrations: Notes.migrations)
        let reopened = try Replica.open(at: path, schema: schema, durability: .normal)
        #expect(try reopened.search("ben tre").map(\.key.id) == ["x"])
        #expect(try reopened.search("vo thi sau").map(\.key.id) == ["x"])
        try reopened.close()
        #expect(try Fixtures.open(path).search("ben tre").isEmpty, "back to the fields the schema names")
    }
}
