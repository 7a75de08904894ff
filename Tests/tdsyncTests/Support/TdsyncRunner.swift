import Foundation
import Testing

/// What one run of the tdsync binary produced.
typealias TdsyncResult = (stdout: String, stderr: String, exitCode: Int32)

/// The built tdsync binary could not be found.
struct MissingTdsyncBinary: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "the tdsync binary is not at \(path); build it first with `swift build --product tdsync` (or set TDSYNC_BINARY)"
    }
}

/// The package root, found from this file's path (Tests/tdsyncTests/Support/TdsyncRunner.swift).
let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The binary under test: `$TDSYNC_BINARY`, or `<package root>/.build/debug/tdsync`.
func tdsyncBinary() throws -> URL {
    let path = ProcessInfo.processInfo.environment["TDSYNC_BINARY"]
        ?? packageRoot.appendingPathComponent(".build/debug/tdsync").path
    guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingTdsyncBinary(path: path) }
    return URL(fileURLWithPath: path)
}

/// Runs tdsync with `args` in `directory` (if given), `input` as its standard input (else none),
/// and returns its stdout, stderr and exit code. Output goes through files, not pipes, so large
/// outputs cannot block the child. A child killed by a signal reports 128 + the signal number,
/// as a shell would.
func runTdsync(_ args: [String], in directory: URL? = nil, input: String? = nil) throws -> TdsyncResult {
    try runProcess(try tdsyncBinary(), args, in: directory, input: input)
}

/// Runs the program at `binary` with `args` as `runTdsync` runs tdsync.
func runProcess(_ binary: URL, _ args: [String], in directory: URL? = nil, input: String? = nil) throws -> TdsyncResult {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
          FileManager.default.createFile(atPath: errURL.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: scratch.path])
    }
    let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = binary
    process.arguments = args
    if let directory { process.currentDirectoryURL = directory }
    if let input {
        let inURL = scratch.appendingPathComponent("stdin")
        try Data(input.utf8).write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()

    let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    let code = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    return (stdout, stderr, code)
}

/// Runs tdsync and records an issue unless it exits 0; returns stdout.
@discardableResult
func runOK(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try runTdsync(args)
    #expect(result.exitCode == 0, "tdsync \(args.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
}

/// A fresh temporary directory for one test's replicas; `remove()` deletes it.
struct Sandbox {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the sandbox.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Parses JSON output (object or array) with Foundation.
func parseJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// The record objects of `nomination list --json`, keyed by id.
func listJSON(db: String) throws -> [String: [String: Any]] {
    let array = try #require(try parseJSON(try runOK(["nomination", "list", "--db", db, "--json"])) as? [[String: Any]])
    var byID: [String: [String: Any]] = [:]
    for object in array { if let id = object["id"] as? String { byID[id] = object } }
    return byID
}

/// An independent, simple display-width model for the table tests: a grapheme cluster is 0 columns
/// when it holds only combining marks, 2 when it starts with a CJK ideograph, else 1.
func testDisplayWidth(_ text: Substring) -> Int {
    text.reduce(0) { total, character in
        let scalars = character.unicodeScalars
        if scalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) { return total }
        if let first = scalars.first, (0x4E00...0x9FFF).contains(first.value) { return total + 2 }
        return total + 1
    }
}
