import Foundation
import Testing

/// A `tdsync serve --port 0` process with its data in a sandbox; `url` is what it printed.
final class HubProcess {
    let process = Process()
    let url: String
    let data: String

    init(sandbox: Sandbox) throws {
        data = sandbox.path("hub")
        let log = sandbox.url.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = try tdsyncBinary()
        process.arguments = ["serve", "--data", data, "--port", "0"]
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var found: String?
        while found == nil && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            found = text.split(separator: " ").last { $0.hasPrefix("http://") }.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard let found else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "tdsync serve did not print its URL"])
        }
        url = found
    }

    /// Registers a node and returns its token.
    func addNode(_ node: String, role: String, scopes: [String] = []) throws -> String {
        try runOK(["hub", "add-node", node, "--data", data, "--role", role] + scopes.flatMap { ["--scope", $0] })
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the hub with SIGTERM and waits for it to exit.
    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
