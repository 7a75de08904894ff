import Foundation
import Testing

extension BrowserTests {
    /// The board's statistics page over a replica filled by `tdsync demo-data`, checked against
    /// what `tdsync report --csv` prints for the same replica.
    @Suite(.serialized) struct StatisticsPageTests {
        /// The tables of a `report --csv` text: each block's title, header and rows.
        static func blocks(_ csv: String) -> [(title: String, header: [String], rows: [[String]])] {
            csv.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n").map { block in
                let lines = block.components(separatedBy: "\n").map(fields)
                return (lines[0][0], lines[1], Array(lines.dropFirst(2)))
            }
        }

        /// One CSV line's fields (RFC 4180 quotes; the report's cells have no line breaks).
        static func fields(_ line: String) -> [String] {
            var fields: [String] = [], field = "", quoted = false, previous: Character?
            for character in line {
                switch (character, quoted) {
                case ("\"", false): quoted = true; if previous == "\"" { field.append("\"") }
                case ("\"", true): quoted = false
                case (",", false): fields.append(field); field = ""
                default: field.append(character)
                }
                previous = character
            }
            return fields + [field]
        }

        /// The cells of `css`'s rows (`tbody tr` of a table), as the browser shows them.
        static func cells(_ browser: WebDriver, _ css: String) throws -> [[String]] {
            let rows = try browser.script("""
                return Array.from(document.querySelectorAll(arguments[0])).map(tr => Array.from(tr.children).map(td => td.textContent))
                """, [css]) as? [[String]]
            return try #require(rows, "no rows at \(css)")
        }

        /// The bars of the chart `id`: code → value.
        static func bars(_ browser: WebDriver, _ id: String) throws -> [String: String] {
            let bars = try browser.script("""
                return Array.from(document.querySelectorAll('svg#' + arguments[0] + ' rect.bar')).map(r => [r.dataset.code, r.dataset.value])
                """, [id]) as? [[String]]
            return Dictionary(uniqueKeysWithValues: try #require(bars, "no chart \(id)").map { ($0[0], $0[1]) })
        }

        /// The rows of a CLI table with a total above zero, totals row left out: code → total.
        static func counted(_ rows: [[String]]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: rows.dropLast().filter { Int($0.last ?? "") ?? 0 > 0 }.map { ($0[0], $0.last!) })
        }

        @Test func theBoardSeesForm0602AsTablesAndChartsAndDownloadsTheSameCSVAsTheCLI() throws {
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let db = sandbox.path("board.sqlite")
            try runOK(["demo-data", "--db", db, "--people", "12"])
            let cli = try runOK(["report", "--db", db, "--form", "0602", "--year", "2025", "--csv"])
            let tables = Self.blocks(cli)
            try #require(tables.count == 4, "0602 has four tables: \(cli)")
            let (byType, byProvince, byKind, byOldProvince) = (tables[0], tables[1], tables[2], tables[3])
            #expect(Int(byType.rows.last?.last ?? "") ?? 0 > 0, "the demo year has state-level commendations")

            let app = try AppProcess(sandbox: sandbox, db: db, name: "app-board")
            defer { app.stop() }
            let browser = try WebDriver(sandbox: sandbox)
            defer { browser.quit() }
            try browser.go(app.url)
            try browser.find("nav a[href='/statistics']").click()
            try browser.find("#stat-form option[value='0602']").click()
            try browser.find("#stat-year option[value='2025']").click()
            try browser.find("#show").click()
            try browser.waitForURL(app.base + "/statistics?form=0602&year=2025&breakdown=2025")

            // The tables are the CLI's, cell for cell, totals included; numbers right-aligned.
            for (id, table) in [("table-award", byType), ("table-province", byProvince), ("table-kind", byKind)] {
                try browser.wait("#\(id) caption", contains: table.title)
                #expect(try Self.cells(browser, "#\(id) thead tr") == [table.header], "\(id)'s header")
                #expect(try Self.cells(browser, "#\(id) tbody tr") == table.rows, "\(id)'s rows")
                #expect(try Self.cells(browser, "#\(id) tr.total") == [try #require(table.rows.last)], "\(id)'s totals row")
            }
            let alignment = try browser.script("""
                return Array.from(document.querySelectorAll('#table-province tbody td')).map(td => getComputedStyle(td).textAlign)
                """) as? [String]
            #expect(Array(try #require(alignment).prefix(byProvince.header.count)) == ["left", "left"] + Array(repeating: "right", count: 5))

            // One bar per province with commendations, of its total; one per award form given.
            let provinces = Self.counted(byProvince.rows)
            #expect(!provinces.isEmpty)
            #expect(try Self.bars(browser, "chart-province") == provinces)
            #expect(try Self.bars(browser, "chart-award") == Self.counted(byType.rows))
            let labels = try browser.script("""
                return Array.from(document.querySelectorAll('#chart-province text.label')).map(t => t.textContent)
                """) as? [String]
            #expect(Set(try #require(labels)) == Set(byProvince.rows.filter { provinces[$0[0]] != nil }.map { $0[1] }), "labelled in Vietnamese")
            try browser.resize(width: 1366, height: 1000)
            try (try browser.screenshot()).write(to: screenshotPath("statistics-0602.png", sandbox: sandbox))

            // The download, with the session's cookie, is the CLI's text byte for byte.
            #expect(try browser.find("#csv").property("pathname") == "/statistics.csv")
            let cookie = try #require(try browser.cookies().first { ($0["name"] as? String)?.hasPrefix("tdsync_app_") == true })
            let download = try HTTP.send(app.base + "/statistics.csv?form=0602&year=2025&breakdown=2025",
                                         headers: [("Cookie", "\(cookie["name"]!)=\(cookie["value"]!)")])
            #expect(download.status == 200)
            #expect(download.headers["content-type"] == "text/csv; charset=utf-8")
            #expect(download.headers["content-disposition"] == "attachment; filename=\"bieu-0602-2025.csv\"")
            #expect(download.data == Data(cli.utf8), "the app's CSV is the CLI's")
            #expect(try HTTP.send(app.base + "/statistics.csv?form=0602&year=2025").status == 403, "not without the session")

            // The 63 provinces before the merger: their table and their bars.
            try browser.find("#stat-breakdown option[value='63']").click()
            try browser.find("#show").click()
            try browser.waitForURL(app.base + "/statistics?form=0602&year=2025&breakdown=63")
            #expect(try Self.cells(browser, "#table-province tbody tr") == byOldProvince.rows)
            #expect(try Self.bars(browser, "chart-province") == Self.counted(byOldProvince.rows))

            // Forms 0601 (campaigns, one table) and 0603 (ministry and province level) are the CLI's too.
            for form in ["0601", "0603"] {
                let expected = Self.blocks(try runOK(["report", "--db", db, "--form", form, "--year", "2025", "--csv"]))
                try browser.go(app.base + "/statistics?form=\(form)&year=2025")
                let shown = form == "0601" ? ["table-1"] : ["table-award", "table-province", "table-kind"]
                for (id, table) in zip(shown, expected) {
                    try browser.wait("#\(id) caption", contains: table.title)
                    #expect(try Self.cells(browser, "#\(id) tbody tr") == table.rows, "\(form) \(id)")
                }
                #expect(try Self.bars(browser, form == "0601" ? "chart-level" : "chart-province") == Self.counted(expected[form == "0601" ? 0 : 1].rows))
            }

            // A form that does not exist is refused on the page, in Vietnamese, what was asked shown as text.
            try browser.go(app.base + "/statistics?form=%3Cscript%3Ex%3C%2Fscript%3E")
            try browser.wait("#statistics-error", contains: "Không có biểu <script>x</script>")
            #expect(try !browser.exists("main script"))
        }
    }
}
