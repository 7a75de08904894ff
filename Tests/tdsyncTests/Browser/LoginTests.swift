import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Testing

extension BrowserTests {
    /// `tdsync app --users FILE`: people log in with a name and password from a file
    /// `tdsync app-user` writes, as an office serving its clerks' machines does; sessions are
    /// the app's own, forms carry a token of the session, and guessing is slowed down.
    @Suite(.serialized) struct LoginTests {
        typealias Request = AppHostileInputTests

        /// A province replica, a users file with `lan` (password `mật khẩu đúng`) and `minh`,
        /// and the app asking for logins.
        final class LoginApp {
            let sandbox: Sandbox
            let db: String
            let users: String
            let app: AppProcess

            init(options: [String] = []) throws {
                sandbox = try Sandbox()
                db = sandbox.path("hn.sqlite")
                users = sandbox.path("app-users")
                try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
                try runOK(["nomination", "add", "--db", db, "--id", "hn-1", "--nominee", "Nguyễn Văn An", "--kind", "individual",
                           "--year", "2025", "--title", "CSTDCS"])
                for (name, password) in [("lan", "mật khẩu đúng"), ("minh", "another-password")] {
                    let added = try runTdsync(["app-user", "add", "--users", users, name], input: password + "\n")
                    #expect(added.exitCode == 0, "\(added.stderr)")
                }
                app = try AppProcess(sandbox: sandbox, db: db, name: "app", options: ["--users", users] + options)
            }

            /// Logs `name` in over HTTP; the session cookie.
            func logIn(_ name: String, _ password: String) throws -> String {
                let answer = try Request.request(app.base + "/login", method: "POST", origin: app.base,
                                                 form: "user=\(name)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
                #expect(answer.status == 303, "\(name) logged in")
                return String(try #require(answer.headers["set-cookie"]).split(separator: ";")[0])
            }

            func stop() {
                app.stop()
                sandbox.remove()
            }
        }

        @Test func aClerkLogsInWorksAndLogsOutInTheBrowser() throws {
            let office = try LoginApp()
            defer { office.stop() }
            let app = office.app
            #expect(app.url == app.base + "/login" && !app.url.contains("token"), "no secret printed: \(app.url)")
            let file = try String(contentsOfFile: office.users, encoding: .utf8)
            #expect(file.contains("lan:$2b$12$") && !file.contains("mật khẩu"), "the file holds hashes, never passwords")
            let mode = try FileManager.default.attributesOfItem(atPath: office.users)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let browser = try WebDriver(sandbox: office.sandbox)
            defer { browser.quit() }
            try browser.go(app.base + "/nominations")
            try browser.waitForURL(app.base + "/login")
            try browser.find("#user-name").fill("lan")
            try browser.find("#password").fill("mật khẩu sai")
            try browser.find("#sign-in").click()
            try browser.wait("#login-error", contains: "không đúng")
            #expect(!(try browser.exists("#nominations")), "a wrong password shows no data")

            try browser.find("#password").fill("mật khẩu đúng")
            try browser.find("#sign-in").click()
            try browser.wait("#user", contains: "lan")
            try browser.go(app.base + "/nominations")
            try browser.wait("main", contains: "Nguyễn Văn An")
            // A write through a form works with the session's token.
            try browser.go(app.base + "/nominations/new")
            try browser.find("#nominee_name").fill("Trần Thị Bình")
            try browser.find("#year").fill("2025")
            try browser.find("#title_code option[value='CSTDCS']").click()
            try browser.find("#save").click()
            try browser.wait("#fields", contains: "Trần Thị Bình")
            #expect(try listJSON(db: office.db).count == 2)

            try browser.find("#logout").click()
            try browser.waitForURL(app.base + "/login")
            try browser.go(app.base + "/nominations")
            try browser.waitForURL(app.base + "/login")
        }

        @Test func sessionsAndTokensAreEachVisitorsOwnAndGuessingIsBraked() throws {
            let office = try LoginApp()
            defer { office.stop() }
            let app = office.app
            for path in ["/", "/nominations", "/nominations/hn-1", "/sync/status.json", "/conflicts"] {
                let answer = try Request.request(app.base + path)
                #expect(answer.status == 303 && answer.headers["location"] == "/login", "\(path) sends to the login page")
                #expect(!String(decoding: answer.data, as: UTF8.self).contains("Nguyễn"))
            }
            #expect(try Request.request(app.base + "/nominations", method: "POST", origin: app.base, form: "_csrf=x").status == 403)
            #expect(try Request.request(app.base + "/login", method: "POST", origin: "http://evil.example",
                                        form: "user=lan&password=x").status == 403, "a login posted by another site")

            let lan = try office.logIn("lan", "mật khẩu đúng"), minh = try office.logIn("minh", "another-password")
            #expect(lan != minh)
            func csrf(_ cookie: String) throws -> String {
                let page = String(decoding: try Request.request(app.base + "/nominations/new", cookie: cookie).data, as: UTF8.self)
                return try #require(page.range(of: "name=\"_csrf\" value=\"").map { String(page[$0.upperBound...].prefix(64)) })
            }
            let lanToken = try csrf(lan), minhToken = try csrf(minh)
            #expect(lanToken != minhToken, "each session has its own form token")
            let fields = "nominee_name=X&nominee_kind=individual&year=2025&title_code=CSTDCS&intent=save"
            let crossed = try Request.request(app.base + "/nominations", method: "POST", cookie: minh, origin: app.base, form: "_csrf=\(lanToken)&" + fields)
            #expect(crossed.status == 403, "one user's token is worth nothing in another's session")
            #expect(try listJSON(db: office.db).count == 1)
            let own = try Request.request(app.base + "/nominations", method: "POST", cookie: minh, origin: app.base, form: "_csrf=\(minhToken)&" + fields)
            #expect(own.status == 303)

            // Logging out ends that session only.
            #expect(try Request.request(app.base + "/logout", method: "POST", cookie: lan, origin: app.base, form: "_csrf=\(lanToken)").status == 303)
            #expect(try Request.request(app.base + "/nominations", cookie: lan).status == 303)
            #expect(try Request.request(app.base + "/nominations", cookie: minh).status == 200)
            // The launch-token way in is closed: a token in the URL opens nothing.
            #expect(try Request.request(app.base + "/?token=" + String(repeating: "0", count: 64)).headers["set-cookie"] == nil)

            // Five wrong passwords lock the name for a minute, even against the right one.
            for _ in 0..<5 {
                #expect(try Request.request(app.base + "/login", method: "POST", origin: app.base, form: "user=minh&password=guess").status == 401)
            }
            let locked = try Request.request(app.base + "/login", method: "POST", origin: app.base, form: "user=minh&password=another-password")
            #expect(locked.status == 429 && locked.headers["set-cookie"] == nil)
            #expect(String(decoding: locked.data, as: UTF8.self).contains("một phút"))
            #expect(try Request.request(app.base + "/nominations", cookie: minh).status == 200, "an open session goes on")
        }

        @Test func anAppOtherMachinesReachNeedsLoginsAndHTTPSOrSaysSo() throws {
            let sandbox = try Sandbox()
            defer { sandbox.remove() }
            let db = sandbox.path("hn.sqlite")
            try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
            let bare = try runTdsync(["app", "--db", db, "--host", "0.0.0.0"])
            #expect(bare.exitCode != 0 && bare.stderr.contains("--users"), "\(bare.stderr)")
            let users = sandbox.path("users")
            try #require(try runTdsync(["app-user", "add", "--users", users, "lan"], input: "long-enough\n").exitCode == 0)
            let clear = try runTdsync(["app", "--db", db, "--host", "0.0.0.0", "--users", users])
            #expect(clear.exitCode != 0 && clear.stderr.contains("--tls-cert") && clear.stderr.contains("--plain-http"), "\(clear.stderr)")
            let short = try runTdsync(["app-user", "add", "--users", users, "minh"], input: "short\n")
            #expect(short.exitCode != 0 && short.stderr.contains("8 characters"), "\(short.stderr)")
            let badName = try runTdsync(["app-user", "add", "--users", users, "lan:admin"], input: "long-enough\n")
            #expect(badName.exitCode != 0 && badName.stderr.contains("user name"), "\(badName.stderr)")
            #expect(try runOK(["app-user", "list", "--users", users]) == "lan\n")
            try runOK(["app-user", "remove", "--users", users, "lan"])
            #expect(try runOK(["app-user", "list", "--users", users]).isEmpty)
        }

        @Test func overHTTPSTheSessionCookieIsSecure() throws {
            let tls = packageRoot.appendingPathComponent("Tests/SyncClientTests/Fixtures/tls")
            let office = try LoginApp(options: ["--tls-cert", tls.appendingPathComponent("hub.pem").path,
                                                "--tls-key", tls.appendingPathComponent("hub.key").path])
            defer { office.stop() }
            let app = office.app
            #expect(app.base.hasPrefix("https://127.0.0.1:"), "\(app.url)")
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .file(tls.appendingPathComponent("ca.pem").path)
            let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                    configuration: .init(tlsConfiguration: configuration, redirectConfiguration: .disallow))
            defer { try? client.syncShutdown() }
            func send(_ path: String, method: HTTPMethod = .GET, cookie: String? = nil, form: String? = nil) throws -> HTTPClient.Response {
                var request = try HTTPClient.Request(url: app.base + path, method: method)
                request.headers.add(name: "Origin", value: app.base)
                if let cookie { request.headers.add(name: "Cookie", value: cookie) }
                if let form {
                    request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                    request.body = .string(form)
                }
                return try client.execute(request: request, deadline: NIODeadline.now() + .seconds(30)).wait()
            }
            let login = try send("/login", method: .POST, form: "user=lan&password=m%E1%BA%ADt%20kh%E1%BA%A9u%20%C4%91%C3%BAng")
            #expect(login.status.code == 303)
            let cookie = try #require(login.headers.first(name: "set-cookie") as String?)
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
            let page = try send("/nominations", cookie: String(cookie.split(separator: ";")[0]))
            #expect(page.status.code == 200)
            #expect(page.body.map { String(buffer: $0) }?.contains("Nguyễn Văn An") == true)
        }
    }
}
