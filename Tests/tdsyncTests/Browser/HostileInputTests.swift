import Foundation
import Testing

extension BrowserTests {
    /// What the web app refuses: a wrong or missing secret, a form posted from another site or
    /// without its token; and what it never does: run a script someone typed into a field.
    @Suite(.serialized) struct AppHostileInputTests {
        static func request(_ url: String, method: String = "GET", cookie: String? = nil, origin: String? = nil, form: String? = nil) throws
            -> (data: Data, status: Int, headers: [String: String]) {
            var headers: [(String, String)] = []
            if let cookie { headers.append(("Cookie", cookie)) }
            if let origin { headers.append(("Origin", origin)) }
            if form != nil { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
            return try HTTP.send(url, method: method, headers: headers, body: form.map { Data($0.utf8) })
        }

        @Test func aWrongOrMissingSecretGetsNothing() throws {
            let office = try OfficeApp([["nomination", "add", "--id", "hn-1", "--nominee", "Nguyễn Văn An", "--kind", "individual", "--year", "2025", "--title", "CSTDCS"]])
            defer { office.stop() }
            let app = office.app
            #expect(app.url.hasPrefix("http://127.0.0.1:"), "bound to loopback")
            #expect(app.token.count == 64)

            let wrong = String(app.token.reversed())
            for url in [app.base + "/", app.base + "/nominations", app.base + "/nominations/hn-1", app.base + "/?token=" + wrong,
                        app.base + "/nominations/hn-1?token=" + wrong, app.base + "/static/app.css", app.base + "/sync/status.json",
                        app.base + "/conflicts"] {
                let answer = try Self.request(url)
                #expect(answer.status == 403, "\(url)")
                let body = String(decoding: answer.data, as: UTF8.self)
                #expect(!body.contains("Nguyễn") && !body.contains("hn-office") && !body.contains("<html"), "\(url) gave away: \(body)")
                #expect(answer.headers["set-cookie"] == nil)
            }
            let forged = try Self.request(app.base + "/nominations", cookie: "tdsync_app_\(app.base.split(separator: ":").last!)=\(app.token)")
            #expect(forged.status == 403, "the token itself is not the cookie")

            // The right token: a redirect that sets the cookie, and with it the page.
            let opened = try Self.request(app.url)
            #expect(opened.status == 303)
            let setCookie = try #require(opened.headers["set-cookie"])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
            let cookie = String(setCookie.split(separator: ";")[0])
            let page = try Self.request(app.base + "/nominations", cookie: cookie)
            #expect(page.status == 200)
            #expect(String(decoding: page.data, as: UTF8.self).contains("Nguyễn Văn An"))
            #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)

            // Another Host (a rebound DNS name) is refused even with the cookie.
            let port = app.base.split(separator: ":").last!
            let rebound = try HTTP.send(app.base + "/nominations", headers: [("Cookie", cookie), ("Host", "evil.example:\(port)")])
            #expect(rebound.status == 403)
        }

        @Test func aCrossSitePostOrOneWithoutItsTokenIsRefusedAndWritesNothing() throws {
            let office = try OfficeApp()
            defer { office.stop() }
            let app = office.app, db = office.db
            let cookie = String(try #require(try Self.request(app.url).headers["set-cookie"]).split(separator: ";")[0])
            let page = String(decoding: try Self.request(app.base + "/nominations/new", cookie: cookie).data, as: UTF8.self)
            let csrf = try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(64)) })
            let fields = "nominee_name=X&nominee_kind=individual&year=2025&title_code=CSTDCS&intent=save"

            let refused: [(String, String?, String)] = [
                ("another site's origin, with the token", "http://evil.example", "_csrf=\(csrf)&" + fields),
                ("no token", app.base, fields),
                ("a wrong token", app.base, "_csrf=\(String(csrf.reversed()))&" + fields),
                ("no origin and no referer", nil, "_csrf=\(csrf)&" + fields),
            ]
            for (what, origin, form) in refused {
                let answer = try Self.request(app.base + "/nominations", method: "POST", cookie: cookie, origin: origin, form: form)
                #expect(answer.status == 403, "\(what)")
            }
            #expect(try listJSON(db: db).isEmpty, "nothing was written")
            for path in ["/sync", "/nominations/x/submit", "/nominations/x/decision", "/conflicts/resolve"] {
                #expect(try Self.request(app.base + path, method: "POST", cookie: cookie, origin: "http://evil.example", form: "_csrf=\(csrf)").status == 403)
            }
            // The same post from the app's own page goes through.
            let accepted = try Self.request(app.base + "/nominations", method: "POST", cookie: cookie, origin: app.base, form: "_csrf=\(csrf)&" + fields)
            #expect(accepted.status == 303)
            #expect(try listJSON(db: db).count == 1)
        }

        @Test func scriptTypedIntoEveryTextFieldIsShownAsText() throws {
            let office = try OfficeApp()
            defer { office.stop() }
            let app = office.app
            let browser = try WebDriver(sandbox: office.sandbox)
            defer { browser.quit() }
            let name = "<script>alert('name')</script>", person = "\"><img src=x onerror=alert('person')>", achievements = "</textarea><script>alert(3)</script>"
            try browser.go(app.url)
            try browser.go(app.base + "/nominations/new")
            try browser.find("#nominee_name").fill(name)
            try browser.find("#year").fill("2025")
            try browser.find("#title_code option[value='CSTDCS']").click()
            try browser.find("#person_id").fill(person)
            try browser.find("#achievements").fill(achievements)
            // The check re-renders the form with every value typed: each must come back as typed.
            try browser.find("#check").click()
            try browser.waitForURL(app.base + "/nominations")
            #expect(try browser.find("#nominee_name").property("value") == name)
            #expect(try browser.find("#achievements").property("value") == achievements)
            #expect(!browser.alertOpen)
            try browser.find("#save").click()
            try browser.wait("#fields", contains: name)
            try browser.wait("#fields", contains: achievements)
            try browser.wait("#fields", contains: person)
            #expect(!browser.alertOpen)
            try browser.go(app.base + "/nominations")
            try browser.wait("#nominations", contains: name)
            #expect(!browser.alertOpen)
            let source = try browser.source
            #expect(!source.contains("<script>alert"), "no script element from the data")
            #expect(source.contains("&lt;script&gt;alert"))
        }
    }
}
