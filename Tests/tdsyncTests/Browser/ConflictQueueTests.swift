import Foundation
import Testing

extension BrowserTests {
    /// The conflicts queue: two offices of the same province, each with its own `tdsync app`,
    /// edit one nomination's achievements before either has synced; the queue of each shows both
    /// values side by side, and a choice made in one is gone from both after they sync.
    @Suite(.serialized) struct ConflictQueueTests {
        @Test func aConflictMadeByTwoAppsIsResolvedInOneAndGoneInBoth() throws {
            let sandbox = try Sandbox()
            let hub = try HubProcess(sandbox: sandbox)
            let firstDB = sandbox.path("hn-1.sqlite"), secondDB = sandbox.path("hn-2.sqlite")
            try runOK(["init", "--db", firstDB, "--node", "hn-office", "--hub", hub.url, "--token",
                       try hub.addNode("hn-office", role: "province", scopes: ["hn"])])
            try runOK(["init", "--db", secondDB, "--node", "hn-annex", "--hub", hub.url, "--token",
                       try hub.addNode("hn-annex", role: "province", scopes: ["hn"])])
            try runOK(["nomination", "add", "--db", firstDB, "--id", "hn-7", "--nominee", "Phạm Văn Cường", "--kind", "individual",
                       "--year", "2025", "--title", "LDTT"])
            let first = try AppProcess(sandbox: sandbox, db: firstDB, name: "app-hn-1")
            let second = try AppProcess(sandbox: sandbox, db: secondDB, name: "app-hn-2")
            defer { first.stop(); second.stop(); hub.stop(); sandbox.remove() }
            let browser = try WebDriver(sandbox: sandbox)
            defer { browser.quit() }
            typealias Offices = BrowserWorkflowTests

            // Both offices hold the nomination, and no conflict yet.
            try browser.go(first.url)
            try Offices.syncNow(browser, app: first)
            try browser.go(second.url)
            try Offices.syncNow(browser, app: second)
            try browser.go(second.base + "/conflicts")
            try browser.find("#conflicts-empty")

            // Each edits the achievements before syncing: concurrent writes of the same field.
            let mine = "Sáng kiến tiết kiệm điện", theirs = "<script>window.pwned = 1</script> Đổi mới quy trình tiếp dân"
            for (app, text, name) in [(first, mine, "Phạm Văn Cường (Hà Đông)"), (second, theirs, "Phạm Văn Cường (Ba Vì)")] {
                try browser.go(app.base + "/nominations/hn-7/edit")
                try browser.find("#achievements").fill(text)
                try browser.find("#nominee_name").fill(name)
                try browser.find("#save").click()
                try browser.wait("#fields", contains: String(text.suffix(12)))
            }
            try Offices.syncNow(browser, app: first)
            try Offices.syncNow(browser, app: second)
            try Offices.syncNow(browser, app: first)

            // The first office's queue: both values side by side, who wrote each, one shown.
            try browser.go(first.base + "/conflicts")
            let item = "[data-conflict='nominations/hn-7/achievements']"
            try browser.wait("\(item) h2", contains: "Phạm Văn Cường")
            try browser.wait("[data-conflict='nominations/hn-7/nominee_name'] h2", contains: "Họ và tên")
            try browser.wait("\(item) h2", contains: "Tóm tắt thành tích")
            try browser.wait("\(item) .sibling[data-node='hn-office']", contains: mine)
            try browser.wait("\(item) .sibling[data-node='hn-annex']", contains: theirs)
            try browser.wait("\(item) .sibling[data-node='hn-annex']", contains: "Văn phòng tỉnh/thành")
            #expect(try browser.exists("\(item) .sibling.shown"), "the value readers see is marked")
            #expect(try browser.script("return window.pwned === undefined") as? Bool == true, "a value is shown as text, never run")
            try browser.wait("#nav-conflicts .badge", contains: "2")
            try (try browser.screenshot()).write(to: screenshotPath("conflicts.png", sandbox: sandbox))
            // The second's too, reached from the dossier's conflicted field.
            try browser.go(second.base + "/nominations/hn-7")
            try browser.find("#fields tr.conflict a.resolve-link").click()
            try browser.wait("\(item) .sibling[data-node='hn-office']", contains: mine)

            // Writing an empty value is refused on the page, and the conflict stays.
            try browser.go(first.base + "/conflicts")
            try browser.find("\(item) .write-new").click()
            try browser.wait("\(item) .conflict-error", contains: "gõ giá trị mới")
            try browser.wait("\(item) .sibling[data-node='hn-annex']", contains: theirs)

            // Resolved in the first: the achievements by choosing the value not shown, the name by
            // typing a new one.
            let chosen = try browser.find("\(item) .sibling:not(.shown) .value").text
            let dropped = chosen == mine ? theirs : mine
            try browser.find("\(item) .sibling:not(.shown) button.take").click()
            try browser.wait("#notice", contains: "Đã giải quyết")
            #expect(try !browser.exists(item))
            let name = "[data-conflict='nominations/hn-7/nominee_name']"
            try browser.find("\(name) textarea.typed").fill("Phạm Văn Cường")
            try browser.find("\(name) .write-new").click()
            try browser.wait("#notice", contains: "nominee_name")
            try browser.find("#conflicts-empty")
            try Offices.syncNow(browser, app: first)
            try Offices.syncNow(browser, app: second)

            // Gone in both, and both dossiers show the chosen value as text, with no conflict.
            for app in [first, second] {
                try browser.go(app.base + "/conflicts")
                try browser.find("#conflicts-empty")
                #expect(try !browser.exists("#nav-conflicts .badge"))
                try browser.go(app.base + "/nominations/hn-7")
                try browser.wait("#fields", contains: chosen)
                #expect(try !browser.exists("#fields tr.conflict"), "no field of the dossier is in conflict")
                #expect(try !((browser.find("#fields").text).contains(dropped)))
                #expect(try !((browser.find("#fields").text).contains("Ba Vì")))
                try browser.wait("h1", contains: "Phạm Văn Cường")
            }
            #expect(try browser.script("return window.pwned === undefined") as? Bool == true)
        }
    }
}
