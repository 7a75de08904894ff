import Foundation

/// A tdsync process started in the background, which a test may SIGKILL at any instant.
final class ChaosProcess {
    let process = Process()
    let arguments: [String]
    private let out: URL, err: URL

    /// Starts `tdsync arguments`, output to files in `directory`.
    init(_ arguments: [String], directory: URL) throws {
        self.arguments = arguments
        let id = UUID().uuidString
        out = directory.appendingPathComponent("chaos-\(id).out")
        err = directory.appendingPathComponent("chaos-\(id).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = try tdsyncBinary()
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    /// Sends SIGKILL if the process still runs; whether the kill landed.
    @discardableResult
    func killIfRunning() -> Bool {
        guard process.isRunning else { return false }
        return kill(process.processIdentifier, SIGKILL) == 0
    }

    /// Waits for the end; the exit code, or 128 + the signal for a killed process.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    var stdout: String { String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self) }
    var stderr: String { String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self) }
}

/// `tdsync serve` on a port that stays the same across SIGKILLs and restarts, so clients keep
/// their configured URL.
final class ChaosHub {
    let data: String
    let directory: URL
    private(set) var port = 0
    private var running: ChaosProcess?

    init(sandbox: Sandbox) throws {
        data = sandbox.path("hub")
        directory = sandbox.url
        try start()
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the hub (on a free port the first time, on the same port after) and waits for it.
    func start() throws {
        let hub = try ChaosProcess(["serve", "--data", data, "--port", "\(port)"], directory: directory)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline && hub.process.isRunning {
            if let url = hub.stdout.split(whereSeparator: \.isWhitespace).last(where: { $0.hasPrefix("http://") }),
               let found = Int(url.split(separator: ":").last ?? "") {
                port = found
                running = hub
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        hub.killIfRunning()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "tdsync serve did not start: \(hub.stderr)"])
    }

    /// SIGKILLs the hub; whether it was running.
    @discardableResult
    func kill() -> Bool {
        guard let running else { return false }
        let landed = running.killIfRunning()
        _ = running.wait()
        self.running = nil
        return landed
    }

    /// Stops the hub with SIGTERM.
    func stop() {
        running?.process.terminate()
        _ = running?.wait()
        running = nil
    }
}

/// SplitMix64: a seeded generator, so a failing run can be replayed with its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
