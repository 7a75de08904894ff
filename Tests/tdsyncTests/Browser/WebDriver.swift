import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// Debian's headless Chromium driven over the W3C WebDriver protocol (JSON over HTTP) through
/// its `chromedriver`, started on a free loopback port for one test. A missing browser or driver
/// fails the test, naming the Debian package to install.
final class WebDriver {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let chromium = "/usr/bin/chromium", chromedriver = "/usr/bin/chromedriver"

    let driver = Process()
    let base: URL
    let session: String
    let profile: URL

    /// Starts chromedriver and a headless browser session.
    init(sandbox: Sandbox) throws {
        for (path, package) in [(Self.chromium, "chromium"), (Self.chromedriver, "chromium-driver")]
        where !FileManager.default.isExecutableFile(atPath: path) {
            throw Failure(description: "the browser tests need \(path): install the Debian package `\(package)` (apt-get install chromium chromium-driver)")
        }
        let log = sandbox.url.appendingPathComponent("chromedriver.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        driver.executableURL = URL(fileURLWithPath: Self.chromedriver)
        driver.arguments = ["--port=0"]
        driver.standardOutput = handle
        driver.standardError = handle
        driver.standardInput = FileHandle.nullDevice
        try driver.run()
        var port: String?
        let deadline = Date().addingTimeInterval(20)
        while port == nil, Date() < deadline, driver.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            if let range = text.range(of: "started successfully on port ") {
                port = String(text[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let port, !port.isEmpty else {
            Self.stop(driver)
            throw Failure(description: "chromedriver did not start: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
        }
        base = URL(string: "http://127.0.0.1:\(port)")!
        profile = sandbox.url.appendingPathComponent("chromium-profile")
        let options: [String: Any] = [
            "binary": Self.chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,900",
                     "--no-first-run", "--lang=vi", "--user-data-dir=\(profile.path)"],
        ]
        let answer = try Self.call(base, "POST", "session", ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": options]]])
        guard let value = answer as? [String: Any], let id = value["sessionId"] as? String else {
            Self.stop(driver)
            throw Failure(description: "chromedriver gave no session: \(String(describing: answer))")
        }
        session = id
    }

    /// Ends the session (the browser quits) and the driver.
    func quit() {
        _ = try? Self.call(base, "DELETE", "session/\(session)", nil)
        Self.stop(driver)
    }

    /// Stops chromedriver with SIGKILL: started from the test process it does not end on SIGTERM.
    static func stop(_ driver: Process) {
        Foundation.kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    // MARK: Commands

    func go(_ url: String) throws { try command("POST", "url", ["url": url]) }
    var url: String { get throws { try command("GET", "url") as? String ?? "" } }
    var source: String { get throws { try command("GET", "source") as? String ?? "" } }

    /// The element `css` selects, waiting for it up to `timeout` seconds.
    @discardableResult
    func find(_ css: String, timeout: TimeInterval = 10) throws -> Element {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let found = try? command("POST", "element", ["using": "css selector", "value": css]) as? [String: Any],
               let id = found.values.first as? String {
                return Element(driver: self, id: id)
            }
            guard Date() < deadline else { throw Failure(description: "no element \(css) on \((try? url) ?? "?")") }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// Whether `css` selects something now.
    func exists(_ css: String) throws -> Bool {
        (try command("POST", "elements", ["using": "css selector", "value": css]) as? [Any])?.isEmpty == false
    }

    /// Waits until the text of `css` contains `text`.
    func wait(_ css: String, contains text: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            if let element = try? find(css, timeout: 0.5), let shown = try? element.text {
                last = shown
                if shown.contains(text) { return }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw Failure(description: "\(css) never showed '\(text)'; last: '\(last)'")
    }

    /// Waits until the page's address is `expected` (a form posted and answered).
    func waitForURL(_ expected: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while (try? url) != expected {
            guard Date() < deadline else { throw Failure(description: "the page stayed at \((try? url) ?? "?"), not \(expected)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        _ = try find("body")
    }

    @discardableResult
    func script(_ source: String, _ arguments: [Any] = []) throws -> Any? {
        try command("POST", "execute/sync", ["script": source, "args": arguments])
    }

    /// The browser's cookies, HttpOnly ones included.
    func cookies() throws -> [[String: Any]] { try command("GET", "cookie") as? [[String: Any]] ?? [] }

    /// Whether a JavaScript alert is open (a script someone typed would open one).
    var alertOpen: Bool { (try? command("GET", "alert/text")) != nil }

    /// Sets the window's size (a screenshot shows the window only).
    func resize(width: Int, height: Int) throws { try command("POST", "window/rect", ["width": width, "height": height]) }

    /// A PNG of the window.
    func screenshot() throws -> Data {
        guard let text = try command("GET", "screenshot") as? String, let data = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        return data
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        try Self.call(base, method, "session/\(session)/\(path)", body ?? (method == "POST" ? [:] : nil))
    }

    /// One WebDriver call; its `value`, or a failure carrying the driver's error.
    static func call(_ base: URL, _ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
        let json = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let (data, status, _) = try HTTP.send(base.appendingPathComponent(path).absoluteString, method: method,
                                              headers: json == nil ? [] : [("Content-Type", "application/json")], body: json)
        let object = try JSONSerialization.jsonObject(with: data.isEmpty ? Data("{}".utf8) : data) as? [String: Any]
        let value = object?["value"]
        if status >= 400 {
            let error = (value as? [String: Any]).map { "\($0["error"] ?? ""): \($0["message"] ?? "")" } ?? "HTTP \(status)"
            throw Failure(description: "WebDriver \(method) \(path): \(error)")
        }
        return value is NSNull ? nil : value
    }

    /// One element of the page.
    struct Element {
        let driver: WebDriver
        let id: String

        func click() throws { try driver.command("POST", "element/\(id)/click") }
        func clear() throws { try driver.command("POST", "element/\(id)/clear") }
        func type(_ text: String) throws { try driver.command("POST", "element/\(id)/value", ["text": text]) }
        var text: String { get throws { try driver.command("GET", "element/\(id)/text") as? String ?? "" } }
        func property(_ name: String) throws -> String? { try driver.command("GET", "element/\(id)/property/\(name)") as? String }

        /// Clears the field and types `text`.
        func fill(_ text: String) throws { try clear(); try type(text) }
    }
}

/// Blocking HTTP for tests, on AsyncHTTPClient's own threads: a request and its answer's body,
/// status and headers (names in lower case). Redirects are not followed and no cookie is kept,
/// so tests see each answer as sent. (Foundation's URLSession cannot read chromedriver's
/// answers, whose headers have no space after the colon.)
enum HTTP {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    static func send(_ url: String, method: String = "GET", headers: [(String, String)] = [], body: Data? = nil) throws
        -> (data: Data, status: Int, headers: [String: String]) {
        var request = try HTTPClient.Request(url: url, method: HTTPMethod(rawValue: method))
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try client.execute(request: request, deadline: .now() + .seconds(90)).wait()
        var fields: [String: String] = [:]
        for (name, value) in response.headers { fields[name.lowercased()] = fields[name.lowercased()].map { "\($0), \(value)" } ?? value }
        return (response.body.map { Data($0.readableBytesView) } ?? Data(), Int(response.status.code), fields)
    }
}
