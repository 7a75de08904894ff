import Foundation
import Testing

/// A `tdsync app --db FILE --port 0` process; `url` is the address with the secret it printed,
/// `base` the same without it.
final class AppProcess {
    let process = Process()
    let url: String
    let base: String

    init(sandbox: Sandbox, db: String, name: String) throws {
        let log = sandbox.url.appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = try tdsyncBinary()
        process.arguments = ["app", "--db", db, "--port", "0"]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            found = text.split(whereSeparator: \.isWhitespace).last { $0.hasPrefix("http://") }.map(String.init)
        }
        guard let found, let query = found.range(of: "/?token=") else {
            process.terminate()
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "tdsync app did not print its URL: \(text)"])
        }
        url = found
        base = String(found[..<query.lowerBound])
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
