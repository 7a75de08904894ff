import Foundation

/// How big a run is: `--short` (CI), the default (medium) or `--long`.
enum Mode: String, Codable, Sendable {
    case short, medium, long
}

/// Every scenario, by the name `--only` takes.
enum ScenarioName: String, CaseIterable, Codable, Sendable {
    case raw, engine, store, sync, initial, scale, nodes, live, conflict, backends, peers

    var summary: String {
        switch self {
        case .raw: "raw SQLite insert baseline (C API and GRDB)"
        case .engine: "replica-level writes, change pages and apply"
        case .store: "the hub's SQLite store without HTTP: pushes applied (new, then already known) and pull pages read"
        case .sync: "push, pull and end to end over HTTP (hub in process)"
        case .initial: "large initial sync, hub in its own process, peak RSS of each side"
        case .scale: "per-change cost with a small and a big database"
        case .nodes: "34 provinces and the board syncing at once"
        case .live: "live latency: a province write until it is in the board's replica"
        case .conflict: "every record edited on two nodes, merged into conflicts"
        case .backends: "push and pull through the hub on SQLite, on PostgreSQL, and two hub instances on one PostgreSQL database"
        case .peers: "optional peers on the same rows: SQLite session extension, PostgreSQL logical replication, Kinto"
        }
    }
}

/// The sizes of one run, from the mode (debug builds of `--short` shrink further so CI stays quick).
struct Sizes: Codable, Sendable {
    /// Records for raw, engine, store, sync and the initial sync.
    var count: Int
    /// Rows per transaction, versions per push request and pull page.
    var batch: Int
    /// Records already in the small and the big database, and the changes timed against each.
    var scaleSmall: Int
    var scaleBig: Int
    var scaleChanges: Int
    /// Batches of 100 records each province pushes in the 35-node run.
    var nodeBatches: Int
    /// Probes of the live latency with a direct push, and with `SyncDaemon` on both sides.
    var liveProbes: Int
    var daemonProbes: Int
    /// Records edited on two nodes.
    var conflictRecords: Int
    /// Single-write transactions in the engine scenario.
    var singleWrites: Int

    static func forMode(_ mode: Mode, release: Bool) -> Sizes {
        switch mode {
        case .short where !release:
            Sizes(count: 1_000, batch: 250, scaleSmall: 1_000, scaleBig: 3_000, scaleChanges: 300, nodeBatches: 1,
                  liveProbes: 20, daemonProbes: 5, conflictRecords: 300, singleWrites: 100)
        case .short:
            Sizes(count: 5_000, batch: 500, scaleSmall: 10_000, scaleBig: 100_000, scaleChanges: 2_000, nodeBatches: 2,
                  liveProbes: 50, daemonProbes: 10, conflictRecords: 2_000, singleWrites: 200)
        case .medium:
            Sizes(count: 100_000, batch: 1_000, scaleSmall: 10_000, scaleBig: 100_000, scaleChanges: 5_000, nodeBatches: 10,
                  liveProbes: 200, daemonProbes: 30, conflictRecords: 20_000, singleWrites: 2_000)
        case .long:
            Sizes(count: 1_000_000, batch: 1_000, scaleSmall: 10_000, scaleBig: 1_000_000, scaleChanges: 5_000, nodeBatches: 30,
                  liveProbes: 200, daemonProbes: 50, conflictRecords: 100_000, singleWrites: 2_000)
        }
    }
}

struct Options {
    /// The mode asked for; without one, medium in a release build and short in a debug build
    /// (whose numbers mean nothing, so it only has to prove every scenario still works).
    var requestedMode: Mode? = nil
    var mode: Mode { requestedMode ?? (isRelease ? .medium : .short) }
    var count: Int?
    var batch: Int?
    var only: Set<ScenarioName>? = nil
    var jsonPath: String? = nil
    var keep = false
    /// Province nodes pushing at once in the backends scenario.
    var clients = 4

    static let usage = """
        usage: tdsync-bench [--short | --medium | --long] [--only NAME[,NAME…]] [--count N] [--batch N] [--clients N] [--json FILE] [--keep]

          --short        a few seconds (CI); debug builds shrink it further
          --medium       100,000 records: the default of a release build (a debug build defaults to --short)
          --long         1,000,000 records (initial sync, scale); the targets on peak RSS and 1M are judged only here
          --only NAMES   run only these scenarios (the raw C-API baseline always runs):
                         \(ScenarioName.allCases.map(\.rawValue).joined(separator: ", "))
          --count N      records for raw, engine, store, sync and initial sync (overrides the mode)
          --batch N      rows per transaction / versions per request (overrides the mode)
          --clients N    backends: province nodes pushing at once, 1…34 (default 4; half through each of
                         the two PostgreSQL instances)
          --json FILE    write every figure, its ratio to the C-API baseline, the machine and the mode
          --keep         keep the temporary directory
        """

    init(_ arguments: [String]) throws {
        var it = arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--short": requestedMode = .short
            case "--long": requestedMode = .long
            case "--medium": requestedMode = .medium
            case "--count": count = try Self.int(it.next(), arg)
            case "--batch": batch = try Self.int(it.next(), arg)
            case "--clients":
                clients = try Self.int(it.next(), arg)
                guard clients <= 34 else { throw BenchError("--clients must be 1…34 (one province each), not \(clients)") }
            case "--json":
                guard let path = it.next() else { throw BenchError("--json needs a file") }
                jsonPath = path
            case "--only":
                guard let list = it.next() else { throw BenchError("--only needs scenario names") }
                var names = Set<ScenarioName>()
                for part in list.split(separator: ",") {
                    guard let name = ScenarioName(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                        throw BenchError("unknown scenario '\(part)'; scenarios: \(ScenarioName.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    names.insert(name)
                }
                only = names
            case "--keep": keep = true
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default: throw BenchError("unknown argument '\(arg)'; try --help")
            }
        }
    }

    func sizes(release: Bool) -> Sizes {
        var sizes = Sizes.forMode(mode, release: release)
        if let count { sizes.count = count }
        if let batch { sizes.batch = batch }
        sizes.batch = min(sizes.batch, 2_000)  // the hub serves at most 2,000 versions per page
        return sizes
    }

    /// Whether a scenario runs: the ones `--only` names, else all — the peers only outside `--short`
    /// (they start servers; CI's short run stays quick).
    func runs(_ scenario: ScenarioName) -> Bool { only?.contains(scenario) ?? (scenario != .peers || mode != .short) }

    static func int(_ text: String?, _ flag: String) throws -> Int {
        guard let text, let n = Int(text), n > 0 else { throw BenchError("\(flag) needs a positive integer") }
        return n
    }
}
