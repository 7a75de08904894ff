import Foundation
import SyncCore

// tdsync-bench: the engine's throughput, latency and memory, every rate compared with a raw SQLite
// insert of the same rows through the C API in the same run. `--help` lists the modes and scenarios.
// A scenario whose correctness check fails stops the run with exit 1 and no figures.

#if DEBUG
let isRelease = false
#else
let isRelease = true
#endif

func run() async throws -> Bool {
    // The raw baseline runs first: give it the same process-wide SQLite settings as the replicas.
    Replica.configureSQLiteForProcess()
    let options = try Options(CommandLine.arguments)
    let sizes = options.sizes(release: isRelease)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer {
        if options.keep { print("kept \(dir.path)") } else { try? FileManager.default.removeItem(at: dir) }
    }

    var figures: [Figure] = [], notes: [String] = []
    for scenario in ScenarioName.allCases where scenario == .raw || options.runs(scenario) {
        log("\(scenario.rawValue): \(scenario.summary)…")
        let start = now()
        do {
            switch scenario {
            case .raw: figures += try measureRaw(sizes: sizes, directory: dir)
            case .engine: figures += try measureEngine(sizes: sizes, directory: dir)
            case .store: figures += try await measureStore(sizes: sizes, directory: dir)
            case .sync: figures += try await measureSync(sizes: sizes, directory: dir)
            case .initial: figures += try await measureInitialSync(sizes: sizes, directory: dir)
            case .scale: figures += try await measureScale(sizes: sizes, directory: dir)
            case .nodes: figures += try await measureNodes(sizes: sizes, directory: dir)
            case .live: figures += try await measureLive(sizes: sizes, directory: dir)
            case .conflict: figures += try await measureConflict(sizes: sizes, directory: dir)
            case .backends:
                let backends = try await measureBackends(sizes: sizes, clients: options.clients, directory: dir)
                figures += backends.figures
                notes += backends.notes
            case .peers:
                let peers = try measurePeers(sizes: sizes, directory: dir)
                figures += peers.figures
                notes += peers.notes
            }
        } catch {
            log("scenario \(scenario.rawValue) FAILED: \(error)")
            log("no figures printed: a broken run measures nothing")
            return false
        }
        log(String(format: "%@ done in %.1f s", scenario.rawValue, seconds(since: start)))
    }

    guard let raw = figures.first(where: { $0.key == "raw.capi" }) else { throw BenchError("the C-API baseline did not run") }
    figures = figures.map { $0.withRatio(rawPerSecond: raw.value) }
    let report = BenchReport(mode: options.mode, release: isRelease, sizes: sizes, machine: .current(),
                             baseline: "\(raw.name): \(Int(raw.value)) records/s (\(rawDurability))",
                             figures: figures, notes: notes, targets: judgeTargets(figures, mode: options.mode),
                             date: ISO8601DateFormatter().string(from: Date()))
    printReport(report)
    if let path = options.jsonPath {
        try writeJSON(report, to: path)
        print("\nwrote \(path)")
    }
    return true
}

let ok: Bool
do {
    if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "--worker" {
        try await runWorkerCommand(CommandLine.arguments)
        ok = true
    } else {
        ok = try await run()
    }
} catch {
    log("\(error)")
    ok = false
}
exit(ok ? 0 : 1)
