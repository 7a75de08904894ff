import Foundation
import Testing

/// A `tdsync serve --port 0` process with its data in a sandbox (or in the PostgreSQL database
/// `database`); `url` is what it printed.
final class HubProcess {
    let process: Process
    let url: String
    /// `--data DIR` or `--database URL`, for `tdsync hub …`.
    let storage: [String]

    init(sandbox: Sandbox, database: String? = nil, name: String = "serve") throws {
        storage = database.map { ["--database", $0] } ?? ["--data", sandbox.path("hub")]
        let process = Process()
        url = try launchTdsync(process, ["serve", "--port", "0"] + storage, sandbox: sandbox, name: name)
        self.process = process
    }

    /// Registers a node and returns its token.
    func addNode(_ node: String, role: String, scopes: [String] = []) throws -> String {
        try runOK(["hub", "add-node", node, "--role", role] + storage + scopes.flatMap { ["--scope", $0] })
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Kills the hub at once (SIGKILL), as a crashed machine would.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Stops the hub with SIGTERM and waits for it to exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Starts `process` as tdsync with `arguments`, its output in `<sandbox>/<name>.log`, and returns
/// the first `http://` address it prints (within 20 seconds), as `serve` and `app` do.
func launchTdsync(_ process: Process, _ arguments: [String], sandbox: Sandbox, name: String) throws -> String {
    let log = sandbox.url.appendingPathComponent("\(name).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.executableURL = try tdsyncBinary()
    process.arguments = arguments
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(20)
    var text = ""
    while Date() < deadline && process.isRunning {
        Thread.sleep(forTimeInterval: 0.05)
        text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        if let url = text.split(whereSeparator: \.isWhitespace).first(where: { $0.hasPrefix("http://") || $0.hasPrefix("https://") }) { return String(url) }
    }
    process.terminate()
    throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "tdsync \(arguments.first ?? "") did not print its URL: \(text)"])
}
