import Foundation
import Testing

extension BrowserTests {
    /// The web app as its people use it: a province office and the central board, each with its
    /// own `tdsync app` over its own replica, a real `tdsync serve` hub between them, and Debian's
    /// headless Chromium clicking through the pages.
    @Suite(.serialized) struct BrowserWorkflowTests {
        /// A hub, the board and Hà Nội's office registered and initialised, and both apps running.
        final class Offices {
            let sandbox: Sandbox
            let hub: HubProcess
            let province: AppProcess
            let board: AppProcess
            let provinceDB: String
            let boardDB: String

            init() throws {
                sandbox = try Sandbox()
                hub = try HubProcess(sandbox: sandbox)
                provinceDB = sandbox.path("hn.sqlite")
                boardDB = sandbox.path("board.sqlite")
                try runOK(["init", "--db", boardDB, "--node", "board", "--hub", hub.url, "--token", try hub.addNode("board", role: "board")])
                try runOK(["init", "--db", provinceDB, "--node", "hn-office", "--hub", hub.url, "--token",
                           try hub.addNode("hn-office", role: "province", scopes: ["hn"])])
                province = try AppProcess(sandbox: sandbox, db: provinceDB, name: "app-hn")
                board = try AppProcess(sandbox: sandbox, db: boardDB, name: "app-board")
            }

            func stop() {
                province.stop()
                board.stop()
                hub.stop()
                sandbox.remove()
            }
        }

        /// Presses "Đồng bộ ngay" on the sync page and waits for the result the script reloads to
        /// (the page marked first: the previous sync's result is on it until the reload).
        static func syncNow(_ browser: WebDriver, app: AppProcess) throws {
            try browser.go(app.base + "/sync")
            _ = try browser.script("window.tdsyncBeforeSync = true")
            try browser.find("#sync-now").click()
            let deadline = Date().addingTimeInterval(30)
            while try browser.script("return window.tdsyncBeforeSync === true") as? Bool == true, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            try browser.wait("#sync-result", contains: "Đã gửi")
            #expect(try !browser.exists("#sync-error"), "the sync failed: \((try? browser.source) ?? "")")
        }

        @Test func aProvinceNominatesTheBoardApprovesAndTheProvinceSeesIt() throws {
            let offices = try Offices()
            defer { offices.stop() }
            let browser = try WebDriver(sandbox: offices.sandbox)
            defer { browser.quit() }
            let province = offices.province, board = offices.board

            // The province opens the printed address: the token becomes a session cookie.
            try browser.go(province.url)
            #expect(try browser.url == province.base + "/nominations", "the token leaves the address bar")
            let cookie = try #require(try browser.cookies().first { ($0["name"] as? String)?.hasPrefix("tdsync_app_") == true })
            #expect(cookie["httpOnly"] as? Bool == true)
            #expect(cookie["sameSite"] as? String == "Strict")

            // The form: both a title and an award chosen is the engine's refusal, at the field, with
            // everything typed kept.
            try browser.find("nav a[href='/nominations/new']").click()
            try browser.find("#nominee_name").fill("Nguyễn Văn An")
            try browser.find("#year").fill("2025")
            try browser.find("#title_code option[value='CSTDCS']").click()
            try browser.find("#award_form_code option[value='BK_BO']").click()
            try browser.find("#achievements").fill("Sáng kiến số hóa hồ sơ thi đua")
            try browser.find("#save").click()
            try browser.wait("#field-title_code .field-error", contains: "exactly one")
            #expect(try browser.find("#nominee_name").property("value") == "Nguyễn Văn An")
            #expect(try browser.find("#achievements").property("value") == "Sáng kiến số hóa hồ sơ thi đua")

            // Checking before saving shows the eligibility warning beside the person's field.
            try browser.find("#award_form_code option[value='']").click()
            try browser.find("#check").click()
            try browser.wait("#field-person_id .warning", contains: "Chưa đạt")
            try browser.wait("#eligibility-summary", contains: "Chưa đủ điều kiện")
            try browser.find("#save").click()
            try browser.wait("#eligibility", contains: "Chưa đạt")
            try browser.find("#submit").click()
            try browser.wait("#notice", contains: "Đã gửi hồ sơ")
            try browser.wait("#status", contains: "Đã gửi")

            // A second nomination from the CLI, on the same replica the app is serving.
            try runOK(["nomination", "add", "--db", offices.provinceDB, "--id", "hn-2", "--nominee", "Trần Thị Bình", "--kind", "individual",
                       "--year", "2025", "--title", "LDTT", "--status", "submitted"])
            try Self.syncNow(browser, app: province)

            // The board syncs and finds both in its queue under Hà Nội.
            try browser.go(board.url)
            #expect(try browser.url == board.base + "/queue")
            try Self.syncNow(browser, app: board)
            try browser.go(board.base + "/queue")
            try browser.wait("section[data-province='hn']", contains: "Nguyễn Văn An")
            try browser.wait("section[data-province='hn'] h2", contains: "Hà Nội")
            try browser.find("section[data-province='hn'] a[href^='/nominations/']:not([href$='hn-2'])").click()
            try browser.wait("#fields", contains: "Sáng kiến số hóa hồ sơ thi đua")
            try browser.wait("#history", contains: "hn-office")

            // An approval without a number is refused at the number's field; with one, it is recorded.
            try browser.find("#outcome-approved").click()
            try browser.script("document.getElementById('decision_date').value = '2025-12-01'")
            try browser.find("#decide").click()
            try browser.wait("#field-decision_number .field-error", contains: "decision number")
            #expect(try browser.find("#decision_date").property("value") == "2025-12-01", "the date typed is kept")
            try browser.find("#decision_number").fill("125/QĐ-BCT")
            try browser.find("#decision_authority").fill("Bộ trưởng Bộ Công Thương")
            try browser.find("#decide").click()
            try browser.wait("#approval", contains: "125/QĐ-BCT")
            try browser.resize(width: 1366, height: 1250)
            try (try browser.screenshot()).write(to: screenshotPath("board-dossier.png", sandbox: offices.sandbox))
            try browser.resize(width: 1366, height: 900)

            // The second is returned with a reason.
            try browser.go(board.base + "/nominations/hn-2")
            try browser.find("#outcome-returned").click()
            try browser.find("#board_reason").fill("Thiếu xác nhận của đơn vị")
            try browser.find("#decide").click()
            try browser.wait("#board-status", contains: "Trả lại")
            try Self.syncNow(browser, app: board)
            try browser.go(board.base + "/queue")
            try browser.find("#queue-empty")

            // The province syncs: the approval in its list and dossier, the return at the top.
            try browser.go(province.base + "/nominations")
            try Self.syncNow(browser, app: province)
            try browser.go(province.base + "/nominations")
            try browser.wait("#returned", contains: "Thiếu xác nhận của đơn vị")
            try browser.wait("#nominations", contains: "Đã duyệt")
            let png = try browser.screenshot()
            #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
            try png.write(to: screenshotPath("province-list.png", sandbox: offices.sandbox))
            try browser.find("#nominations a[href^='/nominations/']:not([href$='hn-2'])").click()
            try browser.wait("#approval", contains: "125/QĐ-BCT")
            try browser.go(province.base + "/nominations/hn-2")
            try browser.wait("#returned", contains: "Thiếu xác nhận của đơn vị")
        }

        @Test func theListFiltersAndSearchesWithoutAccents() throws {
            let offices = try Offices()
            defer { offices.stop() }
            for (id, name, title) in [("hn-a", "Nguyễn Văn An", "CSTDCS"), ("hn-b", "Lê Thị Hoa", "LDTT"), ("hn-c", "Nguyễn Văn Anh Tuấn", "LDTT")] {
                try runOK(["nomination", "add", "--db", offices.provinceDB, "--id", id, "--nominee", name, "--kind", "individual", "--year", "2025", "--title", title])
            }
            try runOK(["nomination", "submit", "hn-b", "--db", offices.provinceDB])
            let browser = try WebDriver(sandbox: offices.sandbox)
            defer { browser.quit() }
            try browser.go(offices.province.url)
            try browser.find("#q").fill("nguyen van an")
            try browser.find("#filter").click()
            try browser.wait(".count", contains: "2 hồ sơ")
            #expect(try !browser.exists("tr[data-id='hn-b']"))
            try browser.find("#filter-code option[value='CSTDCS']").click()
            try browser.find("#filter").click()
            try browser.wait(".count", contains: "1 hồ sơ")
            #expect(try browser.exists("tr[data-id='hn-a']"))
            try browser.go(offices.province.base + "/nominations?status=submitted")
            try browser.wait(".count", contains: "1 hồ sơ")
            #expect(try browser.exists("tr[data-id='hn-b']"))
        }
    }
}
