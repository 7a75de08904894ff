import Commendation
import Foundation
import Testing

extension BrowserTests {
    /// The import page and the downloads: a workbook uploaded in Chromium is checked row by row and
    /// nothing is written until the confirm button; the downloads are the CLI's exports, byte for
    /// byte; a multipart post without its token, or too large, is refused and writes nothing.
    @Suite(.serialized) struct ImportPageTests {
        /// A workbook of Hà Nội's nominations (sheet "Đề nghị": three valid rows, a title the
        /// catalog lacks at row 4, row 2 again at row 6) and people's years (sheet "Cán bộ").
        static func workbook() throws -> Data {
            func row(_ id: String?, _ name: String, _ title: String) -> [XlsxWorkbook.Cell] {
                [id.map { .text($0) } ?? .empty, .text(name), .text("Cá nhân"), .number(2025), .text(title), .text("Hoàn thành xuất sắc")]
            }
            let nominations = XlsxWorkbook.Sheet(name: "Đề nghị", rows: [
                ["Mã hồ sơ", "Họ và tên", "Cá nhân/Tập thể", "Năm", "Danh hiệu", "Tóm tắt thành tích"].map { .text($0, .heading) },
                row("imp-1", "Nguyễn Văn An", "CSTDCS"),
                row("imp-2", "Trần Thị Bình", "LDTT"),
                row("imp-3", "Lê Văn Cường", "XYZ"),
                row("imp-4", "Phạm Thị Dung", "Lao động tiên tiến"),
                row(nil, "nguyễn văn an", "CSTDCS"),
            ])
            let people = XlsxWorkbook.Sheet(name: "Cán bộ", rows: [
                ["Mã cán bộ", "Họ và tên", "Năm", "Xếp loại"].map { .text($0, .heading) },
                [.text("cb-1"), .text("Nguyễn Văn An"), .number(2025), .text("Hoàn thành xuất sắc nhiệm vụ")],
            ])
            return try XlsxWorkbook(sheets: [nominations, people]).data()
        }

        /// The year in Việt Nam, which the downloads' names carry.
        static var year: Int {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
            return calendar.component(.year, from: Date())
        }

        /// The session cookie the browser holds, as a `Cookie` header.
        static func cookie(_ browser: WebDriver) throws -> String {
            let cookie = try #require(try browser.cookies().first { ($0["name"] as? String)?.hasPrefix("tdsync_app_") == true })
            return "\(cookie["name"] as? String ?? "")=\(cookie["value"] as? String ?? "")"
        }

        @Test func aWorkbookIsCheckedThenImportedAndTheDownloadsAreTheCLIsExports() throws {
            let office = try OfficeApp()
            defer { office.stop() }
            let app = office.app, db = office.db
            let file = office.sandbox.url.appendingPathComponent("Đề nghị; 2025.xlsx")
            try Self.workbook().write(to: file)
            let browser = try WebDriver(sandbox: office.sandbox)
            defer { browser.quit() }

            try browser.go(app.url)
            try browser.find("nav a[href='/import']").click()
            try browser.find("#file").type(file.path)
            try browser.find("#check").click()

            // The report: every row by its Excel number, the bad one with its reason; nothing written.
            try browser.wait("#import-summary", contains: "chưa ghi gì")
            try browser.wait("#import-summary", contains: "5 dòng: 3 hợp lệ, 1 trùng, 1 lỗi")
            for number in [2, 3, 5] { try browser.wait("tr[data-row='\(number)'] .result", contains: "Hợp lệ") }
            try browser.wait("tr[data-row='4'] .result", contains: "Lỗi")
            try browser.wait("tr[data-row='4'] .column", contains: "Danh hiệu")
            try browser.wait("tr[data-row='4'] .reason", contains: "XYZ")
            try browser.wait("tr[data-row='6'] .result", contains: "Trùng")
            try browser.wait("tr[data-row='6'] .reason", contains: "với dòng 2")
            try browser.wait("#confirm", contains: "Nhập 3 dòng hợp lệ")
            try browser.wait("#pending-file", contains: "Đề nghị; 2025.xlsx")
            #expect(try listJSON(db: db).isEmpty, "the check wrote nothing")

            // The other sheet, read as people's years, then back to the nominations.
            try browser.find("#sheet option[value='Cán bộ']").click()
            try browser.find("#recheck-people option[value='1']").click()
            try browser.find("#recheck").click()
            try browser.wait("#import-summary", contains: "1 dòng: 1 hợp lệ, 0 trùng, 0 lỗi")
            try browser.find("#sheet option[value='Đề nghị']").click()
            try browser.find("#recheck-people option[value='0']").click()
            try browser.find("#recheck").click()
            try browser.wait("#confirm", contains: "Nhập 3 dòng hợp lệ")
            try (try browser.screenshot()).write(to: screenshotPath("import-report.png", sandbox: office.sandbox))
            #expect(try listJSON(db: db).isEmpty, "checking again wrote nothing")

            // All or nothing: the bad row blocks the others, and nothing is written.
            try browser.find("#all_or_nothing").click()
            try browser.find("#confirm").click()
            try browser.wait("#import-summary", contains: "Không ghi dòng nào")
            #expect(try listJSON(db: db).isEmpty, "all or nothing wrote nothing")

            // Confirmed: the valid rows are written, the bad one is not.
            try browser.find("#confirm").click()
            try browser.wait("#import-done", contains: "Đã nhập 3 hồ sơ")
            try browser.wait("tr[data-row='2'] .result", contains: "Đã nhập")
            #expect(Set(try listJSON(db: db).keys) == ["imp-1", "imp-2", "imp-4"])
            try browser.find("#to-list").click()
            try browser.wait(".count", contains: "3 hồ sơ")
            for id in ["imp-1", "imp-2", "imp-4"] { #expect(try browser.exists("tr[data-id='\(id)']"), "\(id) in the list") }

            // The downloads equal what `tdsync export-csv` and `export-xlsx` write.
            let cookie = try Self.cookie(browser)
            for (link, command, type, ext) in [("#list-export-csv", "export-csv", "text/csv; charset=utf-8", "csv"),
                                               ("#list-export-xlsx", "export-xlsx", ExportTypes.xlsx, "xlsx")] {
                let href = try #require(try browser.find(link).property("href"))
                let answer = try HTTP.send(href, headers: [("Cookie", cookie)])
                #expect(answer.status == 200)
                #expect(answer.headers["content-type"] == type)
                let disposition = answer.headers["content-disposition"] ?? ""
                #expect(disposition.hasPrefix("attachment; filename=\"ho-so-de-nghi-20") && disposition.hasSuffix(".\(ext)\""), "\(disposition)")
                let cli = office.sandbox.path("cli.\(ext)")
                try runOK([command, "--db", db, "-o", cli])
                #expect(answer.data == (try Data(contentsOf: URL(fileURLWithPath: cli))), "\(command): the same bytes")
            }
            // And as Chromium saves it: the CSV button's file, named with the year.
            let downloads = office.sandbox.url.appendingPathComponent("downloads")
            try FileManager.default.createDirectory(at: downloads, withIntermediateDirectories: true)
            try browser.command("POST", "goog/cdp/execute", ["cmd": "Browser.setDownloadBehavior",
                                                              "params": ["behavior": "allow", "downloadPath": downloads.path]])
            try browser.find("#list-export-csv").click()
            let saved = downloads.appendingPathComponent("ho-so-de-nghi-\(Self.year).csv")
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: saved.path), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            #expect(try Data(contentsOf: saved) == (try Data(contentsOf: URL(fileURLWithPath: office.sandbox.path("cli.csv")))))
            let people = try HTTP.send(app.base + "/export/people.csv", headers: [("Cookie", cookie)])
            #expect(people.data == Data(try runOK(["export-csv", "--people", "--db", db]).utf8))

            // A file past the limit: the browser shows the refusal, and nothing more is written.
            let huge = office.sandbox.url.appendingPathComponent("lon.csv")
            try Data(repeating: 0x41, count: 11 << 20).write(to: huge)
            try browser.go(app.base + "/import")
            try browser.find("#file").type(huge.path)
            try browser.find("#check").click()
            try browser.wait("body", contains: "tối đa 10 MiB")
            #expect(try listJSON(db: db).count == 3)
        }

        /// A multipart body holding `fields` and the file `data` as field `file`.
        static func multipart(_ fields: [(String, String)], file data: Data, boundary: String = "tdsyncTestBoundary7") -> (String, Data) {
            var body = Data()
            for (name, value) in fields {
                body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            }
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"de-nghi.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
            body += data + Data("\r\n--\(boundary)--\r\n".utf8)
            return ("multipart/form-data; boundary=\(boundary)", body)
        }

        @Test func anUploadWithoutItsTokenOrTooLargeIsRefusedAndWritesNothing() throws {
            let office = try OfficeApp()
            defer { office.stop() }
            let app = office.app, db = office.db
            let cookie = String(try #require(try HTTP.send(app.url).headers["set-cookie"]).split(separator: ";")[0])
            let page = String(decoding: try HTTP.send(app.base + "/import", headers: [("Cookie", cookie)]).data, as: UTF8.self)
            let csrf = try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(64)) })
            let csv = Data("Mã hồ sơ,Họ và tên,Loại,Năm,Danh hiệu\r\nh-1,Nguyễn Văn An,Cá nhân,2025,CSTDCS\r\nh-2,Lê Thị Hoa,Cá nhân,<script>alert(1)</script>,LDTT\r\n".utf8)
            func post(_ path: String, origin: String? = app.base, type: String, body: Data) throws -> (status: Int, text: String) {
                var headers = [("Cookie", cookie), ("Content-Type", type)]
                if let origin { headers.append(("Origin", origin)) }
                let answer = try HTTP.send(app.base + path, method: "POST", headers: headers, body: body)
                return (answer.status, String(decoding: answer.data, as: UTF8.self))
            }

            let (type, withoutToken) = Self.multipart([("people", "0")], file: csv)
            #expect(try post("/import", type: type, body: withoutToken).status == 403, "no token")
            let (_, wrongToken) = Self.multipart([("_csrf", String(csrf.reversed()))], file: csv)
            #expect(try post("/import", type: type, body: wrongToken).status == 403, "a wrong token")
            let (_, withToken) = Self.multipart([("_csrf", csrf)], file: csv)
            #expect(try post("/import", origin: "http://evil.example", type: type, body: withToken).status == 403, "another site")
            #expect(try listJSON(db: db).isEmpty)

            // Too large: refused with the limit, before the file is read.
            let (_, huge) = Self.multipart([("_csrf", csrf)], file: Data(repeating: 0x41, count: 11 << 20))
            let refused = try post("/import", type: type, body: huge)
            #expect(refused.status == 413 && refused.text.contains("tối đa 10 MiB"), "\(refused)")

            // With its token: the report, still nothing written; the confirm needs the token too.
            let checked = try post("/import", type: type, body: withToken)
            #expect(checked.status == 200 && checked.text.contains("chưa ghi gì") && checked.text.contains("&lt;script&gt;alert(1)"), "\(checked.text)")
            #expect(!checked.text.contains("<script>alert"), "the cell is shown as text")
            #expect(try listJSON(db: db).isEmpty, "the check wrote nothing")
            let action = try #require(checked.text.range(of: "action=\"/import/").map { String(checked.text[$0.upperBound...].prefix(32)) })
            let form = "application/x-www-form-urlencoded"
            #expect(try post("/import/\(action)/confirm", type: form, body: Data("all_or_nothing=0".utf8)).status == 403)
            #expect(try listJSON(db: db).isEmpty)
            let confirmed = try post("/import/\(action)/confirm", type: form, body: Data("_csrf=\(csrf)".utf8))
            #expect(confirmed.status == 200 && confirmed.text.contains("Đã nhập 1 hồ sơ"), "\(confirmed.text)")
            let written = try listJSON(db: db)
            #expect(Set(written.keys) == ["h-1"], "the valid row only: \(written)")
            #expect(try post("/import/\(action)/confirm", type: form, body: Data("_csrf=\(csrf)".utf8)).status == 404, "an upload is imported once")
            let again = try post("/import", type: type, body: withToken)
            #expect(again.text.contains("hồ sơ h-1 đã có") && !again.text.contains("id=\"confirm\""), "the row is a duplicate now: \(again.text)")
        }

        @Test func withLoginsAnUploadNeedsItsOwnSessionsToken() throws {
            let office = try LoginTests.LoginApp()
            defer { office.stop() }
            let app = office.app
            func token(_ cookie: String) throws -> String {
                let page = String(decoding: try HTTP.send(app.base + "/import", headers: [("Cookie", cookie)]).data, as: UTF8.self)
                return try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(64)) })
            }
            let lan = try office.logIn("lan", "mật khẩu đúng"), minh = try office.logIn("minh", "another-password")
            let csv = Data("Mã hồ sơ,Họ và tên,Loại,Năm,Danh hiệu\r\nl-1,Lê Văn Lâm,Cá nhân,2025,LDTT\r\n".utf8)
            for (cookie, csrf, status) in [(lan, try token(minh), 403), (lan, try token(lan), 200)] {
                let (type, body) = Self.multipart([("_csrf", csrf)], file: csv)
                let answer = try HTTP.send(app.base + "/import", method: "POST", headers: [("Cookie", cookie), ("Origin", app.base), ("Content-Type", type)],
                                           body: body)
                #expect(answer.status == status, "\(String(decoding: answer.data, as: UTF8.self))")
            }
            #expect(Set(try listJSON(db: office.db).keys) == ["hn-1"], "the checks wrote nothing")
            // Minh cannot confirm Lan's upload, even knowing its id.
            let (type, body) = Self.multipart([("_csrf", try token(lan))], file: csv)
            let checked = String(decoding: try HTTP.send(app.base + "/import", method: "POST",
                                                         headers: [("Cookie", lan), ("Origin", app.base), ("Content-Type", type)], body: body).data, as: UTF8.self)
            let id = try #require(checked.range(of: "action=\"/import/").map { String(checked[$0.upperBound...].prefix(32)) })
            let other = try HTTP.send(app.base + "/import/\(id)/confirm", method: "POST",
                                      headers: [("Cookie", minh), ("Origin", app.base), ("Content-Type", "application/x-www-form-urlencoded")],
                                      body: Data("_csrf=\(try token(minh))".utf8))
            #expect(other.status == 404)
            #expect(Set(try listJSON(db: office.db).keys) == ["hn-1"])
        }
    }
}

/// The content types of the downloads.
enum ExportTypes {
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}
