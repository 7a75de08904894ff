import Foundation
import Testing

extension BrowserTests {
    /// A conflict on a field with a closed set of values is resolved by picking one from a list
    /// (a title by its name, a kind as the pages name it), not by typing a code.
    @Suite(.serialized) struct ConflictPickerTests {
        @Test func aConflictOnACodedFieldOffersItsValuesByName() throws {
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let office = sandbox.path("hn.sqlite"), annex = sandbox.path("hn-annex.sqlite")
            try runOK(["init", "--db", office, "--node", "hn-office", "--scope", "hn"])
            try runOK(["init", "--db", annex, "--node", "hn-annex", "--scope", "hn"])
            try runOK(["nomination", "add", "--db", office, "--id", "hn-9", "--nominee", "Lê Thị Hoa", "--kind", "individual",
                       "--year", "2025", "--title", "LDTT"])
            try runOK(["merge", "--db", annex, "--from", office])
            // Concurrent edits of the title and the kind, exchanged both ways: two conflicts.
            try runOK(["nomination", "edit", "hn-9", "--db", office, "--title", "CSTDCS"])
            try runOK(["nomination", "edit", "hn-9", "--db", annex, "--title", "CSTD_BO", "--kind", "collective"])
            try runOK(["nomination", "edit", "hn-9", "--db", office, "--kind", "individual", "--nominee", "Lê Thị Hoa (Sóc Sơn)"])
            try runOK(["merge", "--db", office, "--from", annex])
            let app = try AppProcess(sandbox: sandbox, db: office, name: "app")
            defer { app.stop() }
            let browser = try WebDriver(sandbox: sandbox)
            defer { browser.quit() }

            try browser.go(app.url)
            try browser.go(app.base + "/conflicts")
            let title = "[data-conflict='nominations/hn-9/title_code']", kind = "[data-conflict='nominations/hn-9/nominee_kind']"
            try browser.wait("\(title) h2", contains: "Lê Thị Hoa")
            #expect(try browser.exists("\(title) select.typed") && !(try browser.exists("\(title) textarea")), "a title is picked, not typed")
            try browser.wait("\(title) select.typed", contains: "Chiến sĩ thi đua cơ sở")
            try browser.wait("\(kind) select.typed", contains: "Tập thể")

            // A value neither side wrote, picked by name: the engine takes it and the conflict is gone.
            try browser.find("\(title) select.typed option[value='CSTD_TQ']").click()
            try browser.find("\(title) .write-new").click()
            try browser.wait("#notice", contains: "title_code")
            #expect(!(try browser.exists(title)))
            let shown = try runOK(["nomination", "show", "hn-9", "--db", office])
            #expect(shown.contains("CSTD_TQ"), "\(shown)")

            // Nothing picked: refused at the conflict, nothing written.
            try browser.find("\(kind) .write-new").click()
            try browser.wait("\(kind) .conflict-error", contains: "chọn")
            #expect(try browser.exists(kind))
        }
    }
}
