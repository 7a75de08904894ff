import Foundation
import GRDB
import Testing
import TestSupport
@testable import SyncCore

/// The SQLite replica on real files in a temporary directory.
@Suite struct ReplicaTests {
    @Test func localWriteStampsADotAndFillsTheTypedTable() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        let version = try replica.write(Fixtures.createNote("n1", title: "Nguye\u{0302}\u{0303}n Va\u{0306}n An"))
        #expect(version.state.vv == VersionVector([NodeID(unchecked: "hn"): 1]))
        #expect(version.state.fields["_deleted"]?.first?.value == .bool(false))
        let queue = try DatabaseQueue(path: dir.path("hn.sqlite"))
        let row = try #require(try queue.read { try Row.fetchOne($0, sql: "SELECT * FROM notes WHERE id = 'n1'") })
        #expect(row["title"] == "Nguyễn Văn An")
        #expect(row["priority"] == 3)
        #expect(row["scope"] == "north")
        #expect(try replica.nodeState().counter == 1)
    }

    @Test func referenceDataIsSeededIdenticallyEverywhere() throws {
        let dir = try TemporaryDirectory()
        let a = try Fixtures.makeReplica(dir, "hn"), b = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        let labels = try a.records(in: "labels")
        #expect(labels.map(\.version) == Schema.notes.seed.versions.sorted { $0.key < $1.key })
        #expect(try a.canonicalJSON() == b.canonicalJSON())
        #expect(try a.nodeState().counter == 0)
        #expect(try a.syncState().outboxSize == 0, "seeding is no write of this node")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".creating-") }
        #expect(leftovers.isEmpty)
        do { _ = try Fixtures.makeReplica(dir, "hn"); Issue.record("created over an existing replica") }
        catch let error as SyncError { #expect(error.code == .alreadyExists) }
        let urgent = try #require(try a.row(in: "labels", id: "urgent"))
        #expect(urgent["color"] == .text("red"))
    }

    @Test func recordRulesAreChecked() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        var values = Fixtures.createNote("n1").values
        values["team"] = .text("ops")
        do { try replica.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .create(scope: "north"), values: values)); Issue.record("both set") }
        catch let error as SyncError { #expect(error.code == .wrongType && error.message.contains("exactly one of assignee, team")) }
        values["assignee"] = FieldValue.null
        values["label"] = .text("someday")
        do { try replica.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .create(scope: "north"), values: values)); Issue.record("unknown label") }
        catch let error as SyncError { #expect(error.code == .wrongType && error.message.contains("someday")) }
        values["label"] = .text("urgent")
        try replica.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .create(scope: "north"), values: values))
        values["title"] = .text("   ")
        #expect(throws: SyncError.self) { try replica.write(LocalWrite(key: Fixtures.noteKey("n2"), operation: .create(scope: "north"), values: values)) }
    }

    @Test func retiredScopesBelongToTheirSuccessor() throws {
        let dir = try TemporaryDirectory()
        let north = try Fixtures.makeReplica(dir, "hn"), board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        let old = try north.write(Fixtures.createNote("o1", scope: "old-north"))
        #expect(old.scope == "old-north", "a record keeps the scope it was created in")
        #expect(try north.changes(after: 0, scopes: ["north"]).versions.map(\.key.id).contains("o1"))
        _ = try board.apply([old])
        let south = try Fixtures.makeReplica(dir, "sg", scopes: ["south"])
        guard case .rejected(let code, _) = try south.apply([old])[0].outcome else { Issue.record("south stored a north record"); return }
        #expect(code == "scope_violation")
        do { _ = try Fixtures.makeReplica(dir, "xx", scopes: []); Issue.record("a province without scope") }
        catch let error as SyncError { #expect(error.code == .invalidScope && error.message.contains("a region code such as 'north'")) }
        do { try north.write(Fixtures.createNote("n9", scope: "west")); Issue.record("unknown scope") }
        catch let error as SyncError { #expect(error.code == .invalidScope && error.message.contains("old-north")) }
    }

    @Test func localBatchCommitsWholeOrNotAtAll() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        let bad = Fixtures.update("missing", ["priority": .integer(4)])
        do {
            try replica.write([Fixtures.createNote("n1"), Fixtures.createNote("n2"), bad])
            Issue.record("a batch with a bad write committed")
        } catch let error as SyncError {
            #expect(error.code == .notFound)
            #expect(error.message.contains("write 3 of 3"))
        }
        #expect(try replica.records(in: "notes").isEmpty)
        #expect(try replica.nodeState().counter == 0)
    }

    @Test func remoteBatchRejectsBadVersionsAloneAndAppliesTheRest() throws {
        let dir = try TemporaryDirectory()
        let source = try Fixtures.makeReplica(dir, "hn"), target = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        try source.write([Fixtures.createNote("n1"), Fixtures.createNote("n2")])
        var versions = try source.changes(after: 0, scopes: ["north"]).versions.filter { $0.key.collection == "notes" }
        var forged = versions[1]
        forged.state.fields["title"] = [Sibling(dot: Dot(node: NodeID(unchecked: "zz"), counter: 9), timestamp: .zero, role: .province, value: .text("x"))]
        versions[1] = forged
        var wrongType = versions[0]
        wrongType = RecordVersion(key: Fixtures.noteKey("n3"), scope: "north", state: wrongType.state)
        wrongType.state.fields["priority"] = wrongType.state.fields["priority"]!.map { Sibling(dot: $0.dot, timestamp: $0.timestamp, role: $0.role, value: .text("soon")) }
        let results = try target.apply([versions[0], forged, wrongType])
        #expect(results[0].outcome == .applied)
        guard case .rejected(let code, _) = results[1].outcome else { Issue.record("forged version applied"); return }
        #expect(code == "bad_change")
        guard case .rejected(let code2, let message) = results[2].outcome else { Issue.record("wrong type applied"); return }
        #expect(code2 == "wrong_type")
        #expect(message.contains("priority"))
        #expect(try target.records(in: "notes").map(\.version.key.id) == ["n1"])
        #expect(try target.apply([versions[0]])[0].outcome == .alreadyKnown)
    }

    @Test func remoteBatchIsAtomicWhenStorageFails() throws {
        let dir = try TemporaryDirectory()
        let source = try Fixtures.makeReplica(dir, "hn"), target = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        try source.write((1...5).map { Fixtures.createNote("n\($0)") })
        let versions = try source.changes(after: 0).versions.filter { $0.key.collection == "notes" }
        // Make the 4th insert fail inside SQLite: the whole batch must roll back.
        let queue = try DatabaseQueue(path: dir.path("board.sqlite"))
        try queue.write { try $0.execute(sql: "CREATE TRIGGER fail_n4 BEFORE INSERT ON notes WHEN NEW.id = 'n4' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END") }
        try queue.close()
        #expect(throws: SyncError.self) { try target.apply(versions) }
        #expect(try target.records(in: "notes").isEmpty)
        #expect(try target.nodeState().lastSeq == Schema.notes.seed.versions.count)
    }

    @Test func reopeningKeepsCounterClockAndData() throws {
        let dir = try TemporaryDirectory()
        let clock = ManualClock(5_000_000)
        var replica: Replica? = try Fixtures.makeReplica(dir, "hn", clock: clock.wallClock)
        try replica!.write(Fixtures.createNote("n1"))
        try replica!.write(Fixtures.update("n1", ["priority": .integer(4)]))
        let before = try replica!.nodeState()
        replica = nil
        clock.set(1_000)   // the wall clock jumped far back while the replica was closed
        let reopened = try Fixtures.open(dir.path("hn.sqlite"), clock: clock.wallClock)
        #expect(try reopened.nodeState() == before)
        let next = try reopened.write(Fixtures.update("n1", ["priority": .integer(2)]))
        let dot = try #require(next.state.fields["priority"]?.first)
        #expect(dot.dot.counter == before.counter + 1)
        #expect(dot.timestamp > before.clock)
    }

    @Test func ownDotsFromABackupRaiseTheCounter() throws {
        let dir = try TemporaryDirectory()
        let original = try Fixtures.makeReplica(dir, "hn")
        try original.write((1...3).map { Fixtures.createNote("n\($0)") })
        let versions = try original.changes(after: 0).versions
        // A reinstall of the same node starts from counter 0 and must not reuse dots 1–3.
        let reinstalled = try Replica.create(at: dir.path("hn-again.sqlite"), schema: .notes, node: NodeID("hn"), role: .province, scopes: ["north"], durability: .normal)
        _ = try reinstalled.apply(versions)
        #expect(try reinstalled.nodeState().counter == 3)
        let next = try reinstalled.write(Fixtures.createNote("n4"))
        #expect(next.state.vv[NodeID(unchecked: "hn")] == 4)
    }

    @Test func reusedDotWithDifferentDataIsRejected() throws {
        let dir = try TemporaryDirectory()
        let source = try Fixtures.makeReplica(dir, "hn"), target = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        let version = try source.write(Fixtures.createNote("n1"))
        _ = try target.apply([version])
        var tampered = version
        tampered.state.fields["title"] = version.state.fields["title"]!.map {
            Sibling(dot: $0.dot, timestamp: $0.timestamp, role: $0.role, value: .text("Trần Thị B"))
        }
        guard case .rejected(let code, _) = try target.apply([tampered])[0].outcome else { Issue.record("reused dot applied"); return }
        #expect(code == "dot_reused")
    }

    @Test func provinceCannotWriteBoardFieldsOrOtherScopes() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write(Fixtures.createNote("n1"))
        do { try replica.write(Fixtures.update("n1", ["review": .text("accepted")])); Issue.record("province wrote a board field") }
        catch let error as SyncError { #expect(error.code == .fieldNotOwned) }
        do { try replica.write(Fixtures.createNote("n2", scope: "south")); Issue.record("province wrote another scope") }
        catch let error as SyncError { #expect(error.code == .scopeViolation) }
        do { try replica.write(Fixtures.createNote("n3", scope: "xx")); Issue.record("unknown scope accepted") }
        catch let error as SyncError { #expect(error.code == .invalidScope) }
    }

    @Test func deletedRecordsAreNotEditedOrRecreated() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write(Fixtures.createNote("n1"))
        try replica.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .delete))
        #expect(try replica.records(in: "notes").isEmpty)
        #expect(try replica.records(in: "notes", includeDeleted: true).count == 1)
        #expect(throws: SyncError.self) { try replica.write(Fixtures.update("n1", ["priority": .integer(1)])) }
        do { try replica.write(Fixtures.createNote("n1")); Issue.record("re-created a deleted id") }
        catch let error as SyncError { #expect(error.code == .alreadyExists) }
    }

    @Test func conflictIsKeptShownAndResolved() throws {
        let dir = try TemporaryDirectory()
        let hn = try Fixtures.makeReplica(dir, "hn"), board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        _ = try board.apply([try hn.write(Fixtures.createNote("n1"))])
        let fromProvince = try hn.write(Fixtures.update("n1", ["body": .text("Hoàn thành xuất sắc")]))
        let fromBoard = try board.write(Fixtures.update("n1", ["body": .text("Đã thẩm định")]))
        #expect(try board.apply([fromProvince])[0].outcome == .conflict(fields: ["body"]))
        #expect(try hn.apply([fromBoard])[0].outcome == .conflict(fields: ["body"]))
        #expect(try hn.canonicalJSON() == board.canonicalJSON())
        let conflict = try #require(try board.conflicts().first)
        #expect(conflict.siblings.count == 2)
        #expect(conflict.winner.role == .province)   // the province owns body
        let resolved = try board.resolve(Fixtures.noteKey("n1"), field: "body", with: .text("Đã thẩm định"))
        #expect(try board.conflicts().isEmpty)
        #expect(try hn.apply([resolved])[0].outcome == .applied)
        #expect(try hn.conflicts().isEmpty)
        #expect(try hn.canonicalJSON() == board.canonicalJSON())
        #expect(throws: SyncError.self) { try board.resolve(Fixtures.noteKey("n1"), field: "body", with: .text("x")) }
    }

    @Test func changesArePagedAndFilteredByScope() throws {
        let dir = try TemporaryDirectory()
        let board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        try board.write((1...7).map { Fixtures.createNote("north\($0)", scope: "north") })
        try board.write((1...3).map { Fixtures.createNote("south\($0)", scope: "south") })
        var cursor: Int64 = 0, seen: [String] = []
        var pages = 0
        while true {
            let page = try board.changes(after: cursor, scopes: ["south"], limit: 4)
            seen += page.versions.map(\.key.id)
            cursor = page.lastSeq
            pages += 1
            if !page.hasMore { break }
        }
        let expected = Schema.notes.seed.versions.map(\.key.id) + ["south1", "south2", "south3"]
        #expect(seen == expected)
        #expect(pages == (expected.count + 3) / 4)
        try board.write(Fixtures.update("south1", ["priority": .integer(4)]))
        #expect(try board.changes(after: cursor, scopes: ["south"]).versions.map(\.key.id) == ["south1"])
    }

    @Test func readersWriteNothingAndRecordsOutsideTheScopesAreRefused() throws {
        let dir = try TemporaryDirectory()
        let reader = try Fixtures.makeReplica(dir, "audit", role: .reader, scopes: ["north"])
        let board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        let version = try board.write(Fixtures.createNote("n1"))
        _ = try reader.apply([version])
        do { try reader.write(Fixtures.update("n1", [:])); Issue.record("a reader wrote") }
        catch let error as SyncError { #expect(error.code == .fieldNotOwned) }
        let elsewhere = try board.write(Fixtures.createNote("h1", scope: "south"))
        guard case .rejected(let code, _) = try reader.apply([elsewhere])[0].outcome else { Issue.record("stored a record outside the scopes"); return }
        #expect(code == "scope_violation")
    }

    @Test func resolvingKeepsTheDeletionStateAndChecksTypes() throws {
        let dir = try TemporaryDirectory()
        let hn = try Fixtures.makeReplica(dir, "hn"), board = try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
        _ = try board.apply([try hn.write(Fixtures.createNote("n1"))])
        let edit = try board.write(Fixtures.update("n1", ["priority": .integer(4)]))
        let delete = try hn.write(LocalWrite(key: Fixtures.noteKey("n1"), operation: .delete))
        #expect(try hn.apply([edit])[0].outcome == .conflict(fields: ["_deleted"]))
        #expect(throws: SyncError.self) { try hn.resolve(Fixtures.noteKey("n1"), field: "_deleted", with: .null) }
        let kept = try hn.resolve(Fixtures.noteKey("n1"), field: "_deleted", with: .bool(true))
        #expect(kept.state.isDeleted)
        _ = try board.apply([delete, kept])
        #expect(try board.canonicalJSON() == hn.canonicalJSON())
        #expect(try board.records(in: "notes").isEmpty)
    }

    @Test func unusableFilesGiveClearErrors() throws {
        let dir = try TemporaryDirectory()
        do { _ = try Fixtures.open(dir.path("missing.sqlite")); Issue.record("opened a missing file") }
        catch let error as SyncError { #expect(error.code == .replicaUnusable) }
        try Data("this is not a database, just text".utf8).write(to: URL(fileURLWithPath: dir.path("junk.sqlite")))
        do { _ = try Fixtures.open(dir.path("junk.sqlite")); Issue.record("opened junk") }
        catch let error as SyncError { #expect(error.code == .replicaUnusable) }
        let replica = try Fixtures.makeReplica(dir, "hn")
        try replica.write((1...300).map { Fixtures.createNote("n\($0)") })
        try replica.close()
        let wal = (try? FileManager.default.attributesOfItem(atPath: dir.path("hn.sqlite-wal"))[.size] as? Int) ?? 0
        #expect(wal == 0, "a closed replica keeps every write in its main file")
        let size = try FileManager.default.attributesOfItem(atPath: dir.path("hn.sqlite"))[.size] as! Int
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.path("hn.sqlite")))
        try handle.truncate(atOffset: UInt64(size / 3))
        try handle.close()
        #expect(throws: SyncError.self) {
            let damaged = try Fixtures.open(dir.path("hn.sqlite"))
            _ = try damaged.export()
        }
    }
}
