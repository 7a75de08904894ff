import Foundation
import Testing

/// Bad input: a non-zero exit, a message naming the problem, and never a crash.
@Suite struct ErrorTests {
    /// A replica with one nomination `n1` (title CSTDCS) on a province node.
    private func provinceReplica(_ box: Sandbox) throws -> String {
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])
        try runOK(["nomination", "add", "--db", db, "--id", "n1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS"])
        return db
    }

    @Test func unknownKindNamesTheFlag() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = try provinceReplica(box)
        let result = try runTdsync(["nomination", "add", "--db", db, "--nominee", "X", "--kind", "robot",
                                    "--year", "2025", "--title", "LDTT"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("--kind") && result.stderr.contains("robot"))
    }

    @Test func titleCodeAsAwardIsWrongType() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = try provinceReplica(box)
        let result = try runTdsync(["nomination", "add", "--db", db, "--nominee", "Lê Văn Bình", "--kind", "individual",
                                    "--year", "2025", "--award", "CSTDCS"])
        #expect(result.exitCode == 2)
        #expect(result.stderr.hasPrefix("error: wrong_type: "))
        #expect(result.stderr.contains("CSTDCS") && result.stderr.contains("award_form_code"))
        #expect(try listJSON(db: db).count == 1, "nothing was written")
    }

    @Test func missingReplicaIsUnusable() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try runTdsync(["nomination", "list", "--db", box.path("missing.db")])
        #expect(result.exitCode == 6)
        #expect(result.stderr.hasPrefix("error: replica_unusable: "))
        #expect(result.stderr.contains("missing.db"))
        #expect(!FileManager.default.fileExists(atPath: box.path("missing.db")), "listing does not create the file")
    }

    @Test func provinceCannotWriteBoardField() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = try provinceReplica(box)
        let result = try runTdsync(["nomination", "edit", "n1", "--db", db, "--board-status", "approved"])
        #expect(result.exitCode == 4)
        #expect(result.stderr.hasPrefix("error: field_not_owned: "))
        #expect(result.stderr.contains("board_status"))
    }

    @Test func otherEngineErrorsMapToTheirExitCodes() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = try provinceReplica(box)
        let cases: [(args: [String], code: Int32, text: String)] = [
            (["init", "--db", db, "--node", "hn2", "--scope", "hn"], 3, "error: already_exists: "),
            (["init", "--db", box.path("x.db"), "--node", "Bad Node", "--scope", "hn"], 2, "error: invalid_node_id: "),
            (["init", "--db", box.path("y.db"), "--node", "hn2", "--scope", "atlantis"], 2, "error: invalid_scope: "),
            (["nomination", "show", "nope", "--db", db], 5, "error: not_found: "),
            (["nomination", "edit", "nope", "--db", db, "--year", "2024"], 5, "error: not_found: "),
            (["nomination", "delete", "nope", "--db", db], 5, "error: not_found: "),
            (["nomination", "add", "--db", db, "--id", "n1", "--nominee", "X", "--kind", "individual", "--year", "2025",
              "--title", "LDTT"], 3, "error: already_exists: "),
            (["nomination", "add", "--db", db, "--id", "bad id!", "--nominee", "X", "--kind", "individual",
              "--year", "2025", "--title", "LDTT"], 2, "error: invalid_record_id: "),
            (["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual", "--year", "2025",
              "--title", "NOPE"], 2, "error: wrong_type: "),
            (["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual", "--year", "2025",
              "--title", "LDTT", "--scope", "dn"], 4, "error: scope_violation: "),
            (["resolve", "--db", db, "--id", "n1", "--field", "year", "--value", "2024"], 3, "error: no_conflict: "),
            (["resolve", "--db", db, "--id", "n1", "--field", "colour", "--value", "red"], 2, "error: unknown_field: "),
        ]
        for (args, code, text) in cases {
            let result = try runTdsync(args)
            #expect(result.exitCode == code, "tdsync \(args.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.hasPrefix(text), "tdsync \(args.joined(separator: " ")): \(result.stderr)")
        }
    }

    @Test func usageMistakesNameTheFlag() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = try provinceReplica(box)
        try runOK(["init", "--db", box.path("two.db"), "--node", "two", "--scope", "hn", "--scope", "dn"])
        let cases: [(args: [String], flag: String)] = [
            (["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual", "--year", "2025"], "--title"),
            (["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual", "--year", "2025",
              "--title", "LDTT", "--award", "GK"], "--award"),
            (["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual", "--year", "năm",
              "--title", "LDTT"], "--year"),
            (["nomination", "add", "--db", box.path("two.db"), "--nominee", "X", "--kind", "individual",
              "--year", "2025", "--title", "LDTT"], "--scope"),
            (["nomination", "add", "--db", db, "--nominee", " ", "--kind", "individual", "--year", "2025",
              "--title", "LDTT"], "--nominee"),
            (["nomination", "edit", "n1", "--db", db, "--nominee", ""], "--nominee"),
            (["nomination", "edit", "n1", "--db", db, "--award", "GK", "--clear", "award_form_code"], "--clear"),
            (["nomination", "edit", "n1", "--db", db], "--clear"),
            (["nomination", "edit", "n1", "--db", db, "--clear", "colour"], "--clear"),
            (["nomination", "edit", "n1", "--db", db, "--status", "lost"], "--status"),
            (["nomination", "edit", "n1", "--db", db, "--decision-date", "2025-02-30"], "--decision-date"),
            (["init", "--db", box.path("z.db"), "--node", "z", "--role", "king"], "--role"),
            (["resolve", "--db", db, "--id", "n1", "--field", "year"], "--value"),
            (["resolve", "--db", db, "--id", "n1", "--field", "year", "--take", "hn1"], "--take"),
            (["nomination", "list"], "--db"),
        ]
        for (args, flag) in cases {
            let result = try runTdsync(args)
            #expect(result.exitCode == 64, "tdsync \(args.joined(separator: " ")): \(result.stderr)")
            #expect(result.stderr.contains(flag), "tdsync \(args.joined(separator: " ")) should name \(flag): \(result.stderr)")
        }
    }

    @Test func readerCannotWrite() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("reader.db")
        try runOK(["init", "--db", db, "--node", "r1", "--role", "reader", "--scope", "hn"])
        let result = try runTdsync(["nomination", "add", "--db", db, "--nominee", "X", "--kind", "individual",
                                    "--year", "2025", "--title", "LDTT"])
        #expect(result.exitCode == 4)
        #expect(result.stderr.hasPrefix("error: field_not_owned: "))
    }

    @Test func notAReplicaIsUnusable() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let path = box.path("notes.db")
        try Data("this is not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        let result = try runTdsync(["nomination", "list", "--db", path])
        #expect(result.exitCode == 6)
        #expect(result.stderr.hasPrefix("error: replica_unusable: "))
    }
}
