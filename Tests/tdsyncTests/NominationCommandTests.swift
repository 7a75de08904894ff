import Foundation
import Testing

/// init, add, list, show, edit and delete through the real binary.
@Suite struct NominationCommandTests {
    @Test func roundTrip() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")

        let initOut = try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
        #expect(initOut.contains("hn-office") && initOut.contains("province") && initOut.contains("hn") && initOut.contains(db))

        let id = try runOK(["nomination", "add", "--db", db, "--nominee", "Nguyễn Văn An", "--kind", "individual",
                            "--year", "2025", "--title", "CSTDCS", "--achievements", "Hoàn thành xuất sắc nhiệm vụ"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(UUID(uuidString: id) != nil, "the default id is a UUID, got '\(id)'")
        #expect(id == id.lowercased())
        try runOK(["nomination", "add", "--db", db, "--id", "n2", "--nominee", "Trường THPT Chu Văn An",
                   "--kind", "collective", "--year", "2024", "--award", "BK_TTG"])

        let list = try runOK(["nomination", "list", "--db", db])
        let lines = list.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("id") && lines[0].contains("nominee") && lines[0].contains("board_status"))
        #expect(list.contains(id) && list.contains("Nguyễn Văn An") && list.contains("CSTDCS") && list.contains("BK_TTG"))

        let show = try runOK(["nomination", "show", id, "--db", db])
        #expect(show.contains("nominee_name") && show.contains("Nguyễn Văn An"))
        #expect(show.contains("Hoàn thành xuất sắc nhiệm vụ") && show.contains("vv") && show.contains("hn-office:1"))

        // Switch from a title to an award form, and change the year.
        let edit = try runOK(["nomination", "edit", id, "--db", db, "--award", "BK_BO", "--clear", "title_code",
                              "--year", "2026", "--status", "submitted"])
        #expect(edit.contains("updated"))
        let after = try #require(try listJSON(db: db)[id]?["values"] as? [String: Any])
        #expect(after["award_form_code"] as? String == "BK_BO")
        #expect(after["title_code"] is NSNull)
        #expect((after["year"] as? NSNumber)?.intValue == 2026)
        #expect(after["status"] as? String == "submitted")
        #expect(after["nominee_name"] as? String == "Nguyễn Văn An", "fields not named keep their values")

        try runOK(["nomination", "delete", id, "--db", db])
        #expect(!(try runOK(["nomination", "list", "--db", db])).contains(id))
        let withDeleted = try runOK(["nomination", "list", "--db", db, "--include-deleted"])
        let deletedLine = try #require(withDeleted.split(separator: "\n").first { $0.contains(id) })
        #expect(deletedLine.contains("deleted"))
        #expect(try listJSON(db: db)[id] == nil)
    }

    @Test func jsonOutputParses() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])

        let added = try #require(try parseJSON(try runOK([
            "nomination", "add", "--db", db, "--id", "n1", "--nominee", "Lê Thị Hoa", "--kind", "individual",
            "--year", "2025", "--title", "LDTT", "--unit", "u-7", "--json",
        ])) as? [String: Any])
        #expect(added["id"] as? String == "n1")
        #expect(added["scope"] as? String == "hn")
        #expect(added["deleted"] as? Bool == false)
        #expect((added["conflicts"] as? [Any])?.isEmpty == true)

        let record = try #require(try listJSON(db: db)["n1"])
        let values = try #require(record["values"] as? [String: Any])
        #expect(values["nominee_name"] as? String == "Lê Thị Hoa")
        #expect(values["nominee_kind"] as? String == "individual")
        #expect((values["year"] as? NSNumber)?.intValue == 2025)
        #expect(values["title_code"] as? String == "LDTT")
        #expect(values["unit_id"] as? String == "u-7")
        #expect(values["status"] as? String == "draft")
        #expect(values["award_form_code"] is NSNull && values["board_status"] is NSNull)

        let shown = try #require(try parseJSON(try runOK(["nomination", "show", "n1", "--db", db, "--json"])) as? [String: Any])
        #expect((shown["vv"] as? [String: Any])?["hn1"] as? NSNumber == 1)
        #expect((shown["values"] as? [String: Any])?["title_code"] as? String == "LDTT")
    }

    @Test func nfdInputComesBackNFC() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        let nfc = "Nguyễn Văn An".precomposedStringWithCanonicalMapping
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.unicodeScalars) != Array(nfc.unicodeScalars), "the input really is decomposed")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])
        try runOK(["nomination", "add", "--db", db, "--id", "n1", "--nominee", nfd, "--kind", "individual",
                   "--year", "2025", "--title", "CSTDCS"])

        let name = try #require((try listJSON(db: db)["n1"]?["values"] as? [String: Any])?["nominee_name"] as? String)
        #expect(Array(name.unicodeScalars) == Array(nfc.unicodeScalars))
        let table = try runOK(["nomination", "list", "--db", db])
        #expect(table.unicodeScalars.contains { $0.value == 0x1EC5 }, "ễ is printed precomposed (U+1EC5)")
        #expect(!table.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark })
        let show = try runOK(["nomination", "show", "n1", "--db", db])
        #expect(show.unicodeScalars.contains { $0.value == 0x1EC5 })
        #expect(!show.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark })
    }

    @Test func listColumnsAlignWithDiacritics() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("hn.db")
        try runOK(["init", "--db", db, "--node", "hn1", "--scope", "hn"])
        let names = [
            "An",
            "Nguyễn Văn An".decomposedStringWithCanonicalMapping,   // NFD on input
            "Trần Thị Bích Ngọc",
            "Đặng Thùy Trâm",
            "Lý Q\u{0303}",                                           // Q̃ has no precomposed form: a combining mark stays
            "阮文安",                                                 // wide characters take two columns
        ]
        for (index, name) in names.enumerated() {
            try runOK(["nomination", "add", "--db", db, "--id", "n\(index)", "--nominee", name, "--kind",
                       index.isMultiple(of: 2) ? "individual" : "collective", "--year", "2025", "--title", "LDTT"])
        }
        let lines = try runOK(["nomination", "list", "--db", db]).split(separator: "\n")
        #expect(lines.count == names.count + 1)
        var columns: Set<Int> = []
        for line in lines {
            let marker = try #require(["  kind", "  individual", "  collective"].compactMap { line.range(of: $0) }.first,
                                      "no kind column in: \(line)")
            columns.insert(testDisplayWidth(line[..<marker.lowerBound]))
        }
        #expect(columns.count == 1, "the kind column starts at display columns \(columns.sorted())")
        // The byte and scalar counts really differ from the display width here.
        let vietnamese = try #require(lines.first { $0.contains("Trần") })
        #expect(vietnamese.utf8.count > testDisplayWidth(vietnamese[...]))
    }

    @Test func boardWritesDecisionFields() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("board.db")
        let initOut = try runOK(["init", "--db", db, "--node", "board", "--role", "board"])
        #expect(initOut.contains("board") && initOut.contains("*"))
        try runOK(["nomination", "add", "--db", db, "--id", "n1", "--scope", "hn", "--nominee", "Võ Thị Sáu",
                   "--kind", "individual", "--year", "2025", "--award", "HCLD3"])
        try runOK(["nomination", "edit", "n1", "--db", db, "--board-status", "under_review"])
        try runOK(["nomination", "edit", "n1", "--db", db, "--board-status", "approved", "--decision-number", "123/QĐ-CTN",
                   "--decision-date", "2025-09-02", "--decision-authority", "Chủ tịch nước", "--reason", "Đủ tiêu chuẩn"])
        let values = try #require(try listJSON(db: db)["n1"]?["values"] as? [String: Any])
        #expect(values["board_status"] as? String == "approved")
        #expect(values["decision_date"] as? String == "2025-09-02")
        #expect(values["decision_number"] as? String == "123/QĐ-CTN")
        #expect(values["board_reason"] as? String == "Đủ tiêu chuẩn")
        #expect(try runOK(["nomination", "list", "--db", db]).contains("approved"))
    }

    @Test func helpHasDiscussion() throws {
        let help = try runOK(["--help"])
        #expect(help.contains("USAGE: tdsync"))
        for command in ["init", "nomination", "conflicts", "resolve", "export"] { #expect(help.contains(command)) }
        #expect(help.contains("NFC"))
        #expect(try runOK(["nomination", "edit", "--help"]).contains("--clear"))
    }
}
