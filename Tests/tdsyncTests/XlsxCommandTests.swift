import Commendation
import Foundation
import Testing

/// `tdsync import FILE.xlsx`, `export-xlsx` and `report --xlsx` through the real binary, with
/// workbooks written by other programs and tdsync's workbooks read back by openpyxl and LibreOffice.
/// Serialized: LibreOffice, the 50,000-row import and the hostile files each keep a core busy, and
/// the suite shares the machine's two cores with the timing-sensitive load test; one at a time
/// with the browser tests too (`OneAtATime`).
extension OneAtATime { @Suite(.serialized) struct XlsxCommandTests {
    @Test(arguments: ["nominations-openpyxl.xlsx", "nominations-libreoffice.xlsx"])
    func importsAWorkbookAnotherProgramWroteWithTheRowReport(fixture: String) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let db = box.path("board.db"), file = xlsxFixtures.appendingPathComponent(fixture).path
        try runOK(["init", "--db", db, "--node", "board", "--role", "board"])

        let dry = try runTdsync(["import", "--db", db, file, "--dry-run"])
        #expect(dry.exitCode == 2 && dry.stdout.contains("dry run: 3 valid rows, nothing written"), "\(dry.stdout) \(dry.stderr)")
        let strict = try runTdsync(["import", "--db", db, file, "--all-or-nothing"])
        #expect(strict.exitCode == 2 && strict.stdout.contains("3 valid rows not written"), "\(strict.stdout)")
        #expect(try listJSON(db: db).isEmpty, "neither wrote anything")

        let result = try runTdsync(["import", "--db", db, file])
        #expect(result.exitCode == 2, "two rows are wrong: \(result.stderr)")
        #expect(result.stdout.contains("imported 3, duplicates 1, errors 2"), "\(result.stdout)")
        for number in [3, 4, 5] { #expect(CsvTests.line(result.stdout, row: number)?.contains("imported") == true, "row \(number)") }
        let badTitle = try #require(CsvTests.line(result.stdout, row: 6), "the bad title reported at Excel row 6")
        #expect(badTitle.contains("error") && badTitle.contains("xl-004") && badTitle.contains("Danh hiệu") && badTitle.contains("XYZ"))
        #expect(try #require(CsvTests.line(result.stdout, row: 7)).contains("duplicate"))
        let badDate = try #require(CsvTests.line(result.stdout, row: 8))
        #expect(badDate.contains("Ngày quyết định") && badDate.contains("31/04/2025"))
        #expect(Set(try listJSON(db: db).keys) == ["xl-001", "xl-002", "0123"])

        let people = try runTdsync(["import", "--people", "--db", db, file, "--sheet", "Cán bộ"])
        #expect(people.exitCode == 2 && people.stdout.contains("imported 2, duplicates 0, errors 1"), "\(people.stdout) \(people.stderr)")
        #expect(try #require(CsvTests.line(people.stdout, row: 4)).contains("Xếp loại"))

        let noSheet = try runTdsync(["import", "--db", db, file, "--sheet", "Tổng hợp"])
        #expect(noSheet.exitCode == 2 && noSheet.stderr.contains("no sheet named") && noSheet.stderr.contains("Cán bộ"), "\(noSheet.stderr)")
    }

    /// tdsync's workbooks read by other programs: the export read back by openpyxl and converted
    /// to CSV by LibreOffice equals `export-csv`, text byte for byte; each form's totals (0601,
    /// 0602, 0603), recomputed by LibreOffice, equal the printed report. One LibreOffice run
    /// converts all five workbooks.
    @Test func workbooksTdsyncWritesReadBackByOpenpyxlAndLibreOffice() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let board = try Self.boardWithTrickyText(box), demo = box.path("demo.db")
        try runOK(["demo-data", "--db", demo, "--people", "8", "--seed", "7"])

        let forms = StatisticsReport.forms
        let files = (["noms", "people"] + forms.map { "form\($0)" }).map { box.url.appendingPathComponent("\($0).xlsx") }
        try runOK(["export-xlsx", "--db", board, "-o", files[0].path])
        try runOK(["export-xlsx", "--people", "--db", board, "-o", files[1].path])
        for (form, file) in zip(forms, files.dropFirst(2)) {
            try runOK(["report", "--db", demo, "--form", form, "--year", "2025", "--xlsx", file.path, "--unit", "Ban Thi đua – Khen thưởng Trung ương"])
        }
        let nominationsCSV = try Self.csvRows(runOK(["export-csv", "--db", board]))
        let peopleCSV = try Self.csvRows(runOK(["export-csv", "--people", "--db", board]))
        #expect(nominationsCSV.count == 3 && peopleCSV.count == 2)
        // tdsync reads its own workbook back: the same nominations with the same visible values.
        let copy = box.path("copy.db")
        try runOK(["init", "--db", copy, "--node", "board-copy", "--role", "board"])
        #expect(try runOK(["import", "--db", copy, files[0].path]).contains("imported 2, duplicates 0, errors 0"))
        #expect(try runOK(["nomination", "list", "--db", copy, "--json"]) == (try runOK(["nomination", "list", "--db", board, "--json"])))

        // openpyxl: the same cells, typed; a frozen header row; widths set.
        for (file, csv) in [(files[0], nominationsCSV), (files[1], peopleCSV)] {
            let sheet = try #require((try parseJSON(try runPython([xlsxFixtures.appendingPathComponent("read_workbook.py").path, file.path])) as? [[String: Any]])?.first)
            #expect(sheet["freeze"] as? String == "A2", "the header row is frozen")
            #expect(((sheet["widths"] as? [String: Any])?.count ?? 0) == csv[0].count, "every column has a width")
            let cells = try #require(sheet["rows"] as? [[[String: Any]]])
            Self.expectBytesEqual(cells.map { $0.map { $0["v"] as? String ?? "?" } }, csv, "openpyxl reading \(file.lastPathComponent)")
            let header = csv[0]
            for row in cells.dropFirst() {
                for (index, cell) in row.enumerated() {
                    let name = header[index]
                    if name == "Năm" { #expect(cell["t"] as? String == "n", "the year is a number") }
                    else if name == "Ngày quyết định", cell["v"] as? String != "" { #expect(cell["date"] as? Bool == true, "a real date") }
                    else if cell["v"] as? String != "" { #expect(cell["t"] as? String == "s", "\(name) is text") }
                }
            }
        }
        let form = try #require((try parseJSON(try runPython([xlsxFixtures.appendingPathComponent("read_workbook.py").path, files[3].path])) as? [[String: Any]])?.first)
        let formCells = try #require(form["rows"] as? [[[String: Any]]]).flatMap { $0 }
        #expect(formCells.contains { ($0["v"] as? String)?.hasPrefix("=SUM(") == true && $0["t"] as? String == "f" }, "totals are formulas")
        #expect(formCells.contains { ($0["v"] as? String)?.contains("Ban Thi đua – Khen thưởng Trung ương") == true }, "the reporting unit")

        // LibreOffice: one run converts the three workbooks to CSV, computing the formulas.
        let out = box.url.appendingPathComponent("lo")
        try libreOfficeConvert(files, to: "csv:Text - txt - csv (StarCalc):44,34,76,1", outdir: out)
        func converted(_ name: String) throws -> [[String]] {
            try CSVFile(parsing: Data(contentsOf: out.appendingPathComponent("\(name).csv"))).rowsWithHeader
        }
        Self.expectBytesEqual(try converted("noms"), nominationsCSV, "LibreOffice's CSV of the nominations")
        Self.expectBytesEqual(try converted("people"), peopleCSV, "LibreOffice's CSV of the people")

        for form in forms {
            let printed = try runOK(["report", "--db", demo, "--form", form, "--year", "2025", "--csv"])
            let recomputed = try converted("form\(form)").map(Self.trimmed)
            let rows = try printed.components(separatedBy: "\n\n").flatMap { block in
                try CSVFile(parsing: Data(block.utf8)).rows.dropFirst().map { Self.trimmed($0.fields) }
            }
            var position = 0
            for row in rows {
                guard let found = recomputed[position...].firstIndex(of: row) else {
                    Issue.record("form \(form): the printed row \(row) is not in LibreOffice's recomputed sheet after its row \(position)")
                    break
                }
                position = found + 1
            }
            #expect(rows.count > (form == "0601" ? 2 : 40), "form \(form): every table's rows, totals included, were compared (\(rows.count))")
            let totals = recomputed.filter { $0.contains("Tổng cộng") }
            #expect(!totals.isEmpty && totals.allSatisfy { $0.last != "" }, "form \(form): totals were computed: \(totals)")
        }
        #expect(try converted("form0602").contains { $0.first == "" && $0.dropFirst().first == "Tổng cộng" && $0.last != "0" }, "a non-zero 0602 total")
    }

    /// Hostile workbooks, made at run time: each is refused (or, for a million empty rows, read)
    /// within seconds, with an error naming the problem, and nothing is written to the replica.
    @Test func hostileWorkbooksAreRefusedQuicklyAndWriteNothing() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let made = try runOnPath("python3", [xlsxFixtures.appendingPathComponent("make_hostile.py").path, box.path("hostile")])
        #expect(made.exitCode == 0, "make_hostile.py: \(made.stderr)")
        let cases: [(file: String, message: String)] = [
            ("zip-bomb.xlsx", "would inflate to 512 MiB"),
            ("zip-bomb-lying.xlsx", "although its header declares 10000 bytes"),
            ("huge-shared-strings.xlsx", "shared strings hold more than 1000000"),
            ("entities.xlsx", "<!DOCTYPE"),
            ("external-entity.xlsx", "<!DOCTYPE"),
            ("beyond-last-row.xlsx", "lies outside Excel's rows 1 to 1048576"),
            ("old-excel.xls.xlsx", "Excel 97–2003 workbook (.xls)"),
        ]
        /// Imports `file` into a new province replica, timed; returns the result, the time and the replica.
        func timedImport(_ file: String) throws -> (result: TdsyncResult, elapsed: Duration, db: String) {
            let db = box.path("\(file).db")
            try runOK(["init", "--db", db, "--node", "dn-sct", "--scope", "dn"])
            let started = ContinuousClock.now
            let result = try runTdsync(["import", "--db", db, box.path("hostile/\(file)")])
            let elapsed = ContinuousClock.now - started
            print("hostile \(file): exit \(result.exitCode) in \(Self.milliseconds(elapsed)) ms: \(result.stderr.prefix(200))")
            return (result, elapsed, db)
        }
        for item in cases {
            let (result, elapsed, db) = try timedImport(item.file)
            #expect(result.exitCode == 2 && result.stderr.contains("bad_request") && result.stderr.contains(item.message), "\(item.file): \(result.stderr)")
            #expect(elapsed < .seconds(10), "\(item.file) took \(elapsed)")
            #expect(try listJSON(db: db).isEmpty, "\(item.file): nothing written")
        }
        let (result, elapsed, _) = try timedImport("million-rows.xlsx")
        #expect(result.exitCode == 0 && result.stdout.contains("imported 1, duplicates 0, errors 0"), "\(result.stdout) \(result.stderr)")
        #expect(elapsed < .seconds(20), "a million empty rows took \(elapsed)")
    }

    /// A 50,000-row workbook (openpyxl, 32 MB of sheet XML) imports with the peak memory of the
    /// same rows as CSV, give or take 64 MiB: the sheet is streamed, not held, so what memory the
    /// import takes is the import's own (its rows and report), whatever the file's format.
    @Test func fiftyThousandRowWorkbookImportsInBoundedMemory() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let xlsx = box.path("large.xlsx"), csv = box.path("large.csv")
        _ = try runPython([xlsxFixtures.appendingPathComponent("make_large.py").path, xlsx, csv, "50000"])

        var peaks: [String: Int] = [:]
        for file in [xlsx, csv] {
            let db = box.path("\(UUID().uuidString).db")
            try runOK(["init", "--db", db, "--node", "dn-sct", "--scope", "dn"])
            // Python runs tdsync and reports its peak resident memory (KiB) and its seconds.
            let measure = "import resource, subprocess, sys, time; t = time.time(); r = subprocess.run(sys.argv[1:], capture_output=True); "
                + "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, round(time.time() - t, 1)); sys.stdout.write(r.stdout.decode()[-200:])"
            let output = try runPython(["-c", measure, try tdsyncBinary().path, "import", "--db", db, file, "--dry-run"])
            let first = output.split(separator: "\n").first.map { $0.split(separator: " ") } ?? []
            #expect(first.first == "0" && output.contains("dry run: 50000 valid rows"), "\(output)")
            peaks[file] = first.count > 1 ? Int(first[1]) : nil
            print("50,000 rows from \(URL(fileURLWithPath: file).lastPathComponent): peak \((peaks[file] ?? 0) / 1024) MiB, \(first.count > 2 ? first[2] : "?") s")
        }
        let fromWorkbook = try #require(peaks[xlsx]), fromCSV = try #require(peaks[csv])
        #expect(fromWorkbook < fromCSV + 64 * 1024, "the workbook took \(fromWorkbook / 1024) MiB, the same rows as CSV \(fromCSV / 1024) MiB")
        #expect(fromWorkbook < 512 * 1024, "\(fromWorkbook / 1024) MiB")
    }

    /// A board replica whose cells test the round trip: Vietnamese text, a comma, quotes and a
    /// line break, a nominee starting with =, an achievement starting with -, an id 0123, a
    /// decision date, a person's year.
    static func boardWithTrickyText(_ box: Sandbox) throws -> String {
        let board = box.path("board.db")
        try runOK(["init", "--db", board, "--node", "board", "--role", "board"])
        try runOK(["nomination", "add", "--db", board, "--scope", "dn", "--id", "dn-1", "--nominee", "Nguyễn Thị Hồng Nhung",
                   "--kind", "individual", "--year", "2025", "--title", "CSTDCS",
                   "--achievements", "Hoàn thành xuất sắc, sáng kiến \"Số hóa\"\nnăm 2025"])
        try runOK(["nomination", "add", "--db", board, "--scope", "hn", "--id", "0123", "--nominee", "=Phòng Kế hoạch",
                   "--kind", "collective", "--year", "2024", "--award", "BK_BO", "--achievements=-  Đạt 120% kế hoạch"])
        try runOK(["nomination", "decide", "dn-1", "--db", board, "--approve", "--decision-number", "125/QĐ-BCT", "--decision-date", "2025-12-01"])
        try runOK(["person", "year", "--db", board, "--person", "007", "--year", "2025", "--scope", "dn", "--name", "Đặng Văn Phong", "--unit", "dn-sct",
                   "--rating", "excellent", "--title", "LDTT", "--direct-worker"])
        return board
    }

    /// A CSV file's rows, header first, each cell as `import` reads it (a `'` export put before a
    /// formula start taken off).
    static func csvRows(_ text: String) throws -> [[String]] {
        try CSVFile(parsing: Data(text.utf8)).rowsWithHeader.map { row in
            row.map { cell in
                guard cell.first == "'", let next = cell.dropFirst().first, "=+-@'".contains(next) else { return cell }
                return String(cell.dropFirst())
            }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Cells without the empty ones at the end of the row.
    static func trimmed(_ row: [String]) -> [String] {
        Array(row.reversed().drop { $0.isEmpty }.reversed())
    }

    /// The rows are equal byte for byte (String's == would take NFD text for its NFC form).
    static func expectBytesEqual(_ got: [[String]], _ expected: [[String]], _ what: String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = { (rows: [[String]]) in rows.map(trimmed).map { $0.map { Array($0.utf8) } } }
        #expect(bytes(got) == bytes(expected), "\(what):\n\(got)\nexpected\n\(expected)", sourceLocation: sourceLocation)
    }
} }

extension CSVFile {
    /// The header and the rows' fields.
    var rowsWithHeader: [[String]] { [header] + rows.map(\.fields) }
}
