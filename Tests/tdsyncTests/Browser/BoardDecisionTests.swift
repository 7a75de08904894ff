import Foundation
import Testing

extension BrowserTests {
    /// The board's one decision for many nominations ticked in its queue, and a province's
    /// campaign registrations, through headless Chromium against real apps and a real hub.
    @Suite(.serialized) struct BoardDecisionTests {
        typealias Offices = BrowserWorkflowTests.Offices

        @Test func oneDecisionForThreeTickedNominationsDecidesTwoAndRefusesTheThirdByName() throws {
            let offices = try Offices()
            defer { offices.stop() }
            // hn-1's title has a rule its (unrecorded) nominee does not meet: a warning, never a refusal.
            for (id, name, title) in [("hn-1", "Nguyễn Văn An", "CSTDCS"), ("hn-2", "Trần Thị Bình", "LDTT"), ("hn-3", "Lê Văn Cường", "LDTT")] {
                try runOK(["nomination", "add", "--db", offices.provinceDB, "--id", id, "--nominee", name, "--kind", "individual",
                           "--year", "2025", "--title", title, "--status", "submitted"])
            }
            let browser = try WebDriver(sandbox: offices.sandbox)
            defer { browser.quit() }
            let province = offices.province, board = offices.board
            try browser.go(province.url)
            try BrowserWorkflowTests.syncNow(browser, app: province)
            try browser.go(board.url)
            try BrowserWorkflowTests.syncNow(browser, app: board)
            try browser.go(board.base + "/queue")
            try browser.wait("section[data-province='hn']", contains: "Lê Văn Cường")

            // Without its token the post is refused and writes nothing.
            let cookie = String(try #require(try AppHostileInputTests.request(board.url).headers["set-cookie"]).split(separator: ";")[0])
            let forged = try AppHostileInputTests.request(board.base + "/queue/decision", method: "POST", cookie: cookie, origin: board.base,
                                                          form: "nomination=hn-1&outcome=approved&decision_number=9%2FQ%C4%90-BCT&decision_date=2025-12-01")
            #expect(forged.status == 403)
            #expect(try runOK(["decision", "list", "--db", offices.boardDB]).contains("9/QĐ-BCT") == false)

            // Nothing ticked: refused as a whole, what was typed kept.
            try browser.find("#decision_number").fill("125/QĐ-BCT")
            try browser.find("#decide-selected").click()
            try browser.wait("#selection-error", contains: "Chọn ít nhất một hồ sơ")
            #expect(try browser.find("#decision_number").property("value") == "125/QĐ-BCT")

            // All three ticked by the "select all" box; before the post, hn-3 is returned from the CLI.
            try browser.find("section[data-province='hn'] input.select-all").click()
            let ticked = try browser.script("return Array.from(document.querySelectorAll('input[name=nomination]:checked')).map(b => b.value).sort().join(' ')")
            #expect(ticked as? String == "hn-1 hn-2 hn-3")
            try runOK(["nomination", "decide", "hn-3", "--return", "--reason", "Thiếu xác nhận của đơn vị", "--db", offices.boardDB])
            try browser.script("document.getElementById('decision_date').value = '2025-12-01'")
            try browser.find("#decision_authority").fill("Bộ trưởng Bộ Công Thương")
            try browser.find("#decide-selected").click()
            try browser.wait("#batch-summary", contains: "125/QĐ-BCT: 2 hồ sơ; 1 hồ sơ không nhận")
            try browser.wait("#batch-decided", contains: "Nguyễn Văn An")
            try browser.wait("#batch-decided", contains: "Trần Thị Bình")
            try browser.wait("#batch-decided li[data-id='hn-1'] .warning", contains: "chưa đủ điều kiện")
            #expect(try !browser.exists("#batch-decided li[data-id='hn-2'] .warning"))
            try browser.wait("#batch-refused li[data-id='hn-3']", contains: "Lê Văn Cường")
            try browser.wait("#batch-refused li[data-id='hn-3']", contains: "already has the board's decision: returned")
            try browser.find("#queue-empty")
            #expect(try !browser.exists("#batch-decision"), "no decision form over an empty queue")
            try (try browser.screenshot()).write(to: screenshotPath("board-batch-decision.png", sandbox: offices.sandbox))

            // The list and the dossiers show the number; one decision record lists the two.
            try browser.go(board.base + "/nominations")
            try browser.wait("tr[data-id='hn-1'] .board-status", contains: "125/QĐ-BCT")
            try browser.go(board.base + "/nominations/hn-2")
            try browser.wait("#approval", contains: "125/QĐ-BCT")
            let decisions = try runOK(["decision", "list", "--db", offices.boardDB])
            #expect(decisions.contains("125/QĐ-BCT") && decisions.contains("2: hn-1 hn-2"), "\(decisions)")

            // After sync the province sees the approvals, and the return with its reason.
            try BrowserWorkflowTests.syncNow(browser, app: board)
            try BrowserWorkflowTests.syncNow(browser, app: province)
            try browser.go(province.base + "/nominations")
            try browser.wait("tr[data-id='hn-1'] .board-status", contains: "125/QĐ-BCT")
            try browser.wait("tr[data-id='hn-2'] .board-status", contains: "125/QĐ-BCT")
            try browser.wait("#returned", contains: "Thiếu xác nhận của đơn vị")
            #expect(try runOK(["decision", "list", "--db", offices.provinceDB]).contains("2: hn-1 hn-2"))
        }

        @Test func aProvinceRegistersAUnitForACampaignAndTheBoardSeesIt() throws {
            let offices = try Offices()
            defer { offices.stop() }
            try runOK(["campaign", "add", "--db", offices.provinceDB, "--id", "hn-cds", "--kind", "thematic",
                       "--title", "Phong trào thi đua Chuyển đổi số năm 2025", "--starts-on", "2025-01-15", "--ends-on", "2025-11-30",
                       "--target", "100% hồ sơ trực tuyến"])
            let browser = try WebDriver(sandbox: offices.sandbox)
            defer { browser.quit() }
            let province = offices.province, board = offices.board
            try browser.go(province.url)
            try browser.find("nav a[href='/registrations']").click()
            try browser.wait("#campaigns tr[data-id='hn-cds']", contains: "Chuyển đổi số")
            try browser.wait("#campaigns tr[data-id='hn-cds']", contains: "15/01/2025 – 30/11/2025")

            // The engine's refusal (a name too long for the record) at the field, everything typed kept.
            let hostile = "<script>window.pwned = 1</script>Phòng <b>Nội vụ</b>"
            try browser.find("#campaign_id option[value='hn-cds']").click()
            try browser.find("#registrant").fill(String(repeating: "x", count: 301))
            try browser.script("document.getElementById('registered_on').value = '2025-02-01'")
            try browser.find("#pledges").fill("100% hồ sơ trực tuyến\n<img src=x onerror=\"window.pwned = 2\">Không sai sót")
            try browser.find("#target_code option[value='LDTT']").click()
            try browser.find("#save-registration").click()
            try browser.wait("#field-registrant .field-error", contains: "registrant")
            #expect(try browser.find("#registered_on").property("value") == "2025-02-01")
            #expect(try browser.find("#pledges").property("value")?.contains("Không sai sót") == true)

            try browser.find("#registrant").fill(hostile)
            try browser.find("#save-registration").click()
            try browser.wait("#notice", contains: "Đã đăng ký thi đua")
            try browser.wait("#registrations .registrant", contains: hostile)
            try browser.wait("#registrations .pledges", contains: "<img src=x")
            #expect(try browser.script("return window.pwned === undefined") as? Bool == true)
            #expect(try browser.script("return document.querySelectorAll('#registrations script, #registrations b, #registrations img').length") as? Int == 0)

            // Edited: one more pledge.
            try browser.find("#registrations a[href$='/edit']").click()
            try browser.wait("#registration-campaign", contains: "Chuyển đổi số")
            try browser.find("#pledges").fill("100% hồ sơ trực tuyến\nGiảm 30% thời gian xử lý")
            try browser.find("#save-registration").click()
            try browser.wait("#notice", contains: "Đã sửa")
            try browser.wait("#registrations .pledges", contains: "Giảm 30% thời gian xử lý")
            // The outcome, recorded from the CLI, shows in the list with its note.
            let id = try #require(try browser.script("return document.querySelector('#registrations tr[data-id]').dataset.id") as? String)
            try runOK(["campaign", "result", "--db", offices.provinceDB, id, "--achieved", "--note", "Hoàn thành trước hạn"])
            try browser.go(province.base + "/registrations")
            try browser.wait("#registrations tr[data-id='\(id)']", contains: "Đạt (Hoàn thành trước hạn)")
            try (try browser.screenshot()).write(to: screenshotPath("registrations.png", sandbox: offices.sandbox))

            // After sync the board has it, in its page (no form there) and in its replica.
            try BrowserWorkflowTests.syncNow(browser, app: province)
            try browser.go(board.url)
            try BrowserWorkflowTests.syncNow(browser, app: board)
            try browser.go(board.base + "/registrations")
            try browser.wait("#registrations", contains: "Giảm 30% thời gian xử lý")
            #expect(try !browser.exists("#registration-form"))
            #expect(try runOK(["campaign", "registrations", "hn-cds", "--db", offices.boardDB]).contains("Nội vụ"))

            // Withdrawn at the province.
            try browser.go(province.base + "/registrations")
            try browser.find("#registrations button.withdraw").click()
            try browser.wait("#notice", contains: "Đã rút đăng ký")
            try browser.wait("#registrations", contains: "Chưa có đăng ký thi đua nào")
        }
    }
}
