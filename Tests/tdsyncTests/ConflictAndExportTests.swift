import Foundation
import Commendation
import SyncCore
import Testing

/// Conflicts (made by syncing two replicas through the SyncCore library), resolve, and export.
@Suite struct ConflictAndExportTests {
    /// Copies every nomination change of `source` into `target`, the way a sync would.
    ///
    /// The seeded award catalog is left out: both replicas seed it identically, and applying a
    /// stored catalog version is currently refused with dot_reused (stored decimals read back as
    /// text; a SyncCore issue reported separately).
    private func sync(from source: String, to target: String) throws {
        let from = try Replica.open(at: source, schema: .commendation), to = try Replica.open(at: target, schema: .commendation)
        var after: Int64 = 0
        while true {
            let page = try from.changes(after: after)
            // Every record: nominations and their history (`nomination_events`); the seeded catalog is already known.
            let results = try to.apply(page.versions)
            for result in results {
                if case .rejected(let code, let message) = result.outcome { Issue.record("\(result.key) rejected: \(code) \(message)") }
            }
            after = page.lastSeq
            if !page.hasMore { break }
        }
    }

    @Test func exportIsIdenticalTwice() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])
        try runOK(["nomination", "add", "--db", db, "--id", "n1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS"])
        try runOK(["nomination", "add", "--db", db, "--id", "n2", "--nominee", "Phòng Giáo dục", "--kind", "collective",
                   "--year", "2025", "--award", "BK_BO"])
        let first = try runOK(["export", "--db", db])
        let second = try runOK(["export", "--db", db])
        #expect(!first.isEmpty)
        #expect(first == second)
        #expect(Array(first.utf8) == Array(second.utf8))
        let file = box.path("export.json")
        try runOK(["export", "--db", db, "--output", file])
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data(first.utf8))
        let parsed = try #require(try parseJSON(first) as? [String: Any])
        #expect(parsed["schema_version"] as? NSNumber == 2)
        let records = try #require(parsed["records"] as? [[String: Any]])
        #expect(records.contains { $0["id"] as? String == "n1" && $0["collection"] as? String == "nominations" })
        #expect(first.contains("Nguyễn Văn An"))
    }

    @Test func conflictListedAndResolved() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let a = box.path("a.db"), b = box.path("b.db")
        try runOK(["init", "--db", a, "--node", "hn1", "--scope", "hn"])
        try runOK(["init", "--db", b, "--node", "hn2", "--scope", "hn"])
        try runOK(["nomination", "add", "--db", a, "--id", "n1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS"])
        try sync(from: a, to: b)
        #expect(try listJSON(db: b)["n1"] != nil)
        #expect(try runOK(["conflicts", "--db", a]).contains("no open conflicts"))

        // Concurrent edits of the same fields on both nodes, then a sync both ways.
        try runOK(["nomination", "edit", "n1", "--db", a, "--nominee", "Nguyễn Văn Anh", "--year", "2024"])
        try runOK(["nomination", "edit", "n1", "--db", b, "--nominee", "Nguyễn Văn Ân", "--year", "2026"])
        try sync(from: b, to: a)
        try sync(from: a, to: b)
        #expect(try runOK(["export", "--db", a]) == (try runOK(["export", "--db", b])), "same data, same bytes")

        let text = try runOK(["conflicts", "--db", a])
        #expect(text.contains("nominations/n1/nominee_name") && text.contains("nominations/n1/year"))
        #expect(text.hasPrefix("conflict "), "the conflict id is the first column")
        #expect(text.contains("\"Nguyễn Văn Anh\"") && text.contains("\"Nguyễn Văn Ân\"") && text.contains("(visible)"))
        #expect(text.contains("hn1") && text.contains("hn2") && text.contains("province"))

        let conflicts = try #require(try parseJSON(try runOK(["conflicts", "--db", a, "--json"])) as? [[String: Any]])
        #expect(conflicts.compactMap { $0["field"] as? String } == ["nominee_name", "year"])
        #expect(conflicts.compactMap { $0["conflict_id"] as? String } == ["nominations/n1/nominee_name", "nominations/n1/year"])
        let nameConflict = try #require(conflicts.first { $0["field"] as? String == "nominee_name" })
        let siblings = try #require(nameConflict["siblings"] as? [[String: Any]])
        #expect(Set(siblings.compactMap { $0["node"] as? String }) == ["hn1", "hn2"])
        let fromB = try #require(siblings.first { $0["node"] as? String == "hn2" })
        #expect(fromB["value"] as? String == "Nguyễn Văn Ân" && fromB["role"] as? String == "province")
        let dotFromB = try #require(fromB["dot"] as? String)
        #expect(siblings.contains { $0["dot"] as? String == nameConflict["winner"] as? String })

        // list marks it, show gives every sibling.
        let row = try #require(try runOK(["nomination", "list", "--db", a]).split(separator: "\n").first { $0.hasPrefix("n1") })
        #expect(row.contains("conflict"))
        let show = try runOK(["nomination", "show", "n1", "--db", a])
        #expect(show.contains("[conflict]") && show.contains("conflict on nominee_name (nominations/n1/nominee_name)") && show.contains(dotFromB))
        let shown = try #require(try parseJSON(try runOK(["nomination", "show", "n1", "--db", a, "--json"])) as? [String: Any])
        #expect((shown["siblings"] as? [String: Any])?.keys.sorted() == ["nominee_name", "year"])
        #expect((shown["vv"] as? [String: Any])?.keys.sorted() == ["hn1", "hn2"])

        // Bad resolutions are refused and change nothing.
        let missingDot = try runTdsync(["resolve", "--db", a, "--id", "n1", "--field", "nominee_name", "--take", "hn2:999"])
        #expect(missingDot.exitCode == 5 && missingDot.stderr.contains("--take"))
        let notANumber = try runTdsync(["resolve", "--db", a, "--id", "n1", "--field", "year", "--value", "hai nghìn"])
        #expect(notANumber.exitCode == 64 && notANumber.stderr.contains("--value"))

        // Resolve: keep B's name, write a new year.
        let took = try runOK(["resolve", "--db", a, "--collection", "nominations", "--id", "n1", "--field", "nominee_name",
                              "--take", dotFromB])
        #expect(took.contains("Nguyễn Văn Ân"))
        try runOK(["resolve", "--db", a, "--id", "n1", "--field", "year", "--value", "2025"])
        #expect(try runOK(["conflicts", "--db", a]).contains("no open conflicts"))
        let values = try #require(try listJSON(db: a)["n1"]?["values"] as? [String: Any])
        #expect(values["nominee_name"] as? String == "Nguyễn Văn Ân")
        #expect((values["year"] as? NSNumber)?.intValue == 2025)
        let again = try runTdsync(["resolve", "--db", a, "--id", "n1", "--field", "year", "--value", "2025"])
        #expect(again.exitCode == 3 && again.stderr.hasPrefix("error: no_conflict: "))

        // The resolution spreads: once synced, B has no conflict either and both export the same bytes.
        try sync(from: a, to: b)
        #expect(try runOK(["conflicts", "--db", b]).contains("no open conflicts"))
        #expect(try runOK(["export", "--db", a]) == (try runOK(["export", "--db", b])))
    }

    @Test func deleteConcurrentWithEditKeepsTheRecord() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let a = box.path("a.db"), b = box.path("b.db")
        try runOK(["init", "--db", a, "--node", "hn1", "--scope", "hn"])
        try runOK(["init", "--db", b, "--node", "hn2", "--scope", "hn"])
        try runOK(["nomination", "add", "--db", a, "--id", "n1", "--nominee", "Hồ Thị Lan", "--kind", "individual",
                   "--year", "2025", "--title", "LDTT"])
        try sync(from: a, to: b)
        try runOK(["nomination", "delete", "n1", "--db", a])
        try runOK(["nomination", "edit", "n1", "--db", b, "--status", "submitted"])
        try sync(from: b, to: a)
        let record = try #require(try listJSON(db: a)["n1"])
        #expect(record["deleted"] as? Bool == false)
        #expect((record["conflicts"] as? [String])?.contains("_deleted") == true)
        let text = try runOK(["conflicts", "--db", a])
        #expect(text.contains("nominations/n1/_deleted"))
        try runOK(["resolve", "--db", a, "--id", "n1", "--field", "_deleted", "--value", "true"])
        #expect(try listJSON(db: a)["n1"] == nil)
    }
}
