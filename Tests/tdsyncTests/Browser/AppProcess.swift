import Foundation
import Testing

/// A `tdsync app --db FILE --port 0` process; `url` is the address it printed (with the secret,
/// or the login page's), `base` the scheme, host and port alone.
final class AppProcess {
    let process: Process
    let url: String
    let base: String

    /// Starts the app; `options` are added to its command line (`--users FILE`, TLS).
    init(sandbox: Sandbox, db: String, name: String, options: [String] = []) throws {
        let process = Process()
        url = try launchTdsync(process, ["app", "--db", db, "--port", "0"] + options, sandbox: sandbox, name: name)
        self.process = process
        let path = url.range(of: "/?token=") ?? url.range(of: "/login")
        base = String(url[..<(path?.lowerBound ?? url.endIndex)])
    }

    /// The secret in the printed URL.
    var token: String { String(url[url.range(of: "token=")!.upperBound...]) }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Where the screenshots go: `docs/screenshots/` when `TDSYNC_SCREENSHOTS=docs` (to refresh the
/// README's pictures), else the test's sandbox.
func screenshotPath(_ name: String, sandbox: Sandbox) -> URL {
    if ProcessInfo.processInfo.environment["TDSYNC_SCREENSHOTS"] == "docs" {
        let folder = packageRoot.appendingPathComponent("docs/screenshots")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }
    return sandbox.url.appendingPathComponent(name)
}

/// A province office's replica (Hà Nội) in a sandbox, with `tdsync app` running on it.
final class OfficeApp {
    let sandbox: Sandbox
    let db: String
    let app: AppProcess

    /// Initialises the replica, runs each of `commands` on it (`--db` added), then starts the app.
    init(_ commands: [[String]] = []) throws {
        sandbox = try Sandbox()
        db = sandbox.path("hn.sqlite")
        try runOK(["init", "--db", db, "--node", "hn-office", "--scope", "hn"])
        for command in commands { try runOK(command + ["--db", db]) }
        app = try AppProcess(sandbox: sandbox, db: db, name: "app")
    }

    func stop() {
        app.stop()
        sandbox.remove()
    }
}

/// The suites whose tests block a thread for many seconds (a browser, LibreOffice, a 50,000-row
/// import), one test at a time among all of them. Swift Testing runs a synchronous test on the
/// cooperative pool, which has a thread per core: two such tests at once on this 2-core machine
/// held every thread, and the asynchronous tests (the PostgreSQL hub's) waited past their timeouts.
@Suite(.serialized) enum OneAtATime {}

extension OneAtATime {
    /// The suites that run a browser: each starts Chromium.
    @Suite(.serialized) enum BrowserTests {}
}

typealias BrowserTests = OneAtATime.BrowserTests
