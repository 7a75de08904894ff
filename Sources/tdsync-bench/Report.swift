import Foundation

/// Units of the figures; the ratio to the raw C-API baseline is defined for rates and per-item costs.
enum Unit: String, Codable, Sendable {
    case recordsPerSecond = "records/s"
    case microsPerChange = "µs/change"
    case milliseconds = "ms"
    case seconds = "s"
    case megabytes = "MB"
    case bytesPerRecord = "bytes/record"
    case times = "×"
}

/// One measured figure.
struct Figure: Codable, Sendable {
    let scenario: ScenarioName
    /// A stable key for the JSON (and for the targets).
    let key: String
    let name: String
    let value: Double
    let unit: Unit
    /// Items behind the figure (records, changes, probes), when it has some.
    var items: Int? = nil
    /// How this figure compares with the C-API baseline: for a rate, rate ÷ raw rate; for a
    /// per-change cost, raw cost per row ÷ this cost. Both read "fraction of raw speed".
    var ratioToRaw: Double? = nil
    var note: String? = nil
    /// This figure ÷ another of the same unit measured in the same run (the backends scenario:
    /// each PostgreSQL rate against the SQLite hub's).
    var relative: Relative? = nil

    enum CodingKeys: String, CodingKey { case scenario, key, name, value, unit, items, ratioToRaw, note, relative }

    init(scenario: ScenarioName, key: String, name: String, value: Double, unit: Unit, items: Int? = nil,
         ratioToRaw: Double? = nil, note: String? = nil) {
        self.scenario = scenario; self.key = key; self.name = name; self.value = value; self.unit = unit
        self.items = items; self.ratioToRaw = ratioToRaw; self.note = note
    }

    /// Writes `ratioToRaw` as null rather than leaving it out, so every figure carries the key.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scenario, forKey: .scenario)
        try c.encode(key, forKey: .key)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encodeIfPresent(items, forKey: .items)
        try c.encode(ratioToRaw, forKey: .ratioToRaw)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(relative, forKey: .relative)
    }

    static func rate(_ scenario: ScenarioName, _ key: String, _ name: String, items: Int, seconds: Double, note: String? = nil) -> Figure {
        Figure(scenario: scenario, key: key, name: name, value: Double(items) / max(seconds, 1e-9), unit: .recordsPerSecond,
               items: items, note: note)
    }

    func withRatio(rawPerSecond: Double) -> Figure {
        var copy = self
        switch unit {
        case .recordsPerSecond: copy.ratioToRaw = value / rawPerSecond
        case .microsPerChange: copy.ratioToRaw = (1e6 / rawPerSecond) / value
        default: copy.ratioToRaw = nil
        }
        return copy
    }
}

/// A figure's ratio to another figure (`key`) of the same run.
struct Relative: Codable, Sendable {
    let key: String
    let ratio: Double
}

/// One target of the performance issue and whether this run met it.
struct TargetResult: Codable, Sendable {
    let target: String
    /// "met", "missed" or "not judged" (scenario not run, or judged only in --long).
    let verdict: String
    let detail: String
}

/// The machine the run happened on.
struct Machine: Codable, Sendable {
    let cores: Int
    let cpuModel: String
    let memoryBytes: UInt64
    let os: String

    static func current() -> Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        return Machine(cores: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model,
                       memoryBytes: ProcessInfo.processInfo.physicalMemory, os: ProcessInfo.processInfo.operatingSystemVersionString)
    }
}

struct BenchReport: Codable, Sendable {
    let mode: Mode
    let release: Bool
    let sizes: Sizes
    let machine: Machine
    let baseline: String
    let figures: [Figure]
    /// Things not measured and why (peers not installed here).
    let notes: [String]
    let targets: [TargetResult]
    let date: String
}

// MARK: - Printing

func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - s.count))
    return left ? padding + s : s + padding
}

func format(_ value: Double, _ unit: Unit) -> String {
    switch unit {
    case .recordsPerSecond: String(format: "%.0f", value)
    case .microsPerChange: String(format: value < 100 ? "%.2f" : "%.1f", value)
    case .milliseconds: String(format: value < 10 ? "%.2f" : "%.1f", value)
    case .seconds: String(format: "%.3f", value)
    case .megabytes: String(format: "%.1f", value)
    case .times: String(format: "%.2f", value)
    case .bytesPerRecord: String(format: "%.0f", value)
    }
}

func printReport(_ report: BenchReport) {
    let s = report.sizes
    print("tdsync-bench: mode \(report.mode.rawValue), \(report.release ? "release" : "DEBUG build (numbers mean nothing)"), "
          + "\(s.count) records, batch \(s.batch)")
    print("machine: \(report.machine.cores) cores, \(report.machine.cpuModel), "
          + String(format: "%.1f GB RAM", Double(report.machine.memoryBytes) / 1_073_741_824))
    print("baseline (× raw = 1): \(report.baseline)")
    let nameWidth = max(52, (report.figures.map(\.name.count).max() ?? 0) + 2)
    print(pad("figure", nameWidth) + pad("value", 12, left: true) + "  " + pad("unit", 10) + pad("× raw", 8, left: true) + "  items")
    var group: ScenarioName? = nil
    for f in report.figures {
        if f.scenario != group {
            group = f.scenario
            print("-- \(f.scenario.rawValue): \(f.scenario.summary)")
        }
        let ratio = f.ratioToRaw.map { String(format: "%.3f", $0) } ?? "–"
        let items = f.items.map { "\($0)" } ?? ""
        print(pad(f.name, nameWidth) + pad(format(f.value, f.unit), 12, left: true) + "  " + pad(f.unit.rawValue, 10)
              + pad(ratio, 8, left: true) + "  " + items + (f.note.map { "  (\($0))" } ?? ""))
    }
    printBackendsTable(report.figures)
    for note in report.notes { print(note) }
    print("\ntargets")
    for t in report.targets {
        print("  " + pad(t.verdict, 11) + pad(t.target, 52) + t.detail)
    }
}

func writeJSON(_ report: BenchReport, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try encoder.encode(report).write(to: URL(fileURLWithPath: path))
}

// MARK: - Targets

func judgeTargets(_ figures: [Figure], mode: Mode) -> [TargetResult] {
    func figure(_ key: String) -> Figure? { figures.first { $0.key == key } }
    var results: [TargetResult] = []

    func rate(_ target: String, _ key: String, atLeast minimum: Double) {
        guard let f = figure(key) else { return results.append(TargetResult(target: target, verdict: "not judged", detail: "not run")) }
        let ratio = f.ratioToRaw ?? 0
        let met = f.value >= minimum && ratio >= 0.25
        results.append(TargetResult(target: target, verdict: met ? "met" : "missed",
                                    detail: String(format: "%.0f records/s, %.1f %% of raw", f.value, ratio * 100)))
    }
    func share(_ target: String, _ key: String, atLeast minimum: Double) {
        guard let f = figure(key) else { return results.append(TargetResult(target: target, verdict: "not judged", detail: "not run")) }
        let ratio = f.ratioToRaw ?? 0
        results.append(TargetResult(target: target, verdict: ratio >= minimum ? "met" : "missed",
                                    detail: String(format: "%.0f records/s, %.1f %% of raw", f.value, ratio * 100)))
    }
    share("push ≥ 25 % of raw", "sync.push", atLeast: 0.25)
    share("pull ≥ 25 % of raw", "sync.pull", atLeast: 0.25)
    share("end to end ≥ 15 % of raw", "sync.endToEnd", atLeast: 0.15)
    for (name, applied, again) in [("board", "engine.apply", "engine.reapply"), ("hub store", "store.push", "store.repush")] {
        let target = "re-apply ≥ 10× apply (\(name))"
        if let a = figure(applied), let b = figure(again) {
            let times = b.value / a.value
            results.append(TargetResult(target: target, verdict: times >= 10 ? "met" : "missed",
                                        detail: String(format: "%.1f× (%.0f vs %.0f records/s)", times, b.value, a.value)))
        } else {
            results.append(TargetResult(target: target, verdict: "not judged", detail: "not run"))
        }
    }
    if let push = figure("store.push") {
        let micros = 1e6 / push.value
        results.append(TargetResult(target: "hub store ≤ 15 µs per pushed record", verdict: micros <= 15 ? "met" : "missed",
                                    detail: String(format: "%.1f µs per record, write rules included", micros)))
    } else {
        results.append(TargetResult(target: "hub store ≤ 15 µs per pushed record", verdict: "not judged", detail: "not run"))
    }
    if let hub = figure("store.bytesPerRecord"), let raw = figure("raw.bytesPerRow") {
        let times = hub.value / raw.value
        results.append(TargetResult(target: "bytes on disk per record ≤ 2× the raw row's", verdict: times <= 2 ? "met" : "missed",
                                    detail: String(format: "hub %.0f vs raw %.0f bytes (%.2f×)", hub.value, raw.value, times)))
    } else {
        results.append(TargetResult(target: "bytes on disk per record ≤ 2× the raw row's", verdict: "not judged", detail: "not run"))
    }

    if let total = figure("initial.seconds"), let province = figure("initial.provinceRSS"),
       let board = figure("initial.boardRSS"), let hub = figure("initial.hubRSS") {
        let detail = String(format: "%.1f s for %d records", total.value, total.items ?? 0)
        let judged = mode == .long && (total.items ?? 0) >= 1_000_000
        let why = judged ? "" : " — judged only with --long (1,000,000 records)"
        results.append(TargetResult(target: "initial sync of 1M < 40 s", verdict: judged ? (total.value < 40 ? "met" : "missed") : "not judged",
                                    detail: detail + why))
        let peak = max(province.value, board.value)
        let rss = String(format: "client %.0f MB (province %.0f, board %.0f), hub %.0f MB", peak, province.value, board.value, hub.value)
        results.append(TargetResult(target: "initial sync peak RSS < 300 MB, each side",
                                    verdict: judged ? (peak < 300 && hub.value < 300 ? "met" : "missed") : "not judged", detail: rss + why))
    } else {
        results.append(TargetResult(target: "initial sync of 1M < 40 s, peak RSS < 300 MB", verdict: "not judged", detail: "not run"))
    }
    if let raw = figure("scale.ratio.raw"), let write = figure("scale.ratio.localwrite"),
       let push = figure("scale.ratio.push"), let pull = figure("scale.ratio.pull") {
        // The per-change cost may grow from the small to the big database no faster than SQLite's
        // own UPDATE of the same rows does (a B-tree cannot do better than it).
        let worst = max(write.value, push.value, pull.value)
        let detail = String(format: "write %.2f×, push %.2f×, pull %.2f× (SQLite itself %.2f×)", write.value, push.value, pull.value, raw.value)
        results.append(TargetResult(target: "per-change cost grows ≤ SQLite UPDATE's", verdict: worst <= raw.value ? "met" : "missed", detail: detail))
    } else {
        results.append(TargetResult(target: "per-change cost grows ≤ SQLite UPDATE's", verdict: "not judged", detail: "not run"))
    }
    if let p99 = figure("live.p99") {
        results.append(TargetResult(target: "live latency p99 < 50 ms", verdict: p99.value < 50 ? "met" : "missed",
                                    detail: String(format: "p99 %.1f ms over %d probes (direct push)", p99.value, p99.items ?? 0)))
    } else {
        results.append(TargetResult(target: "live latency p99 < 50 ms", verdict: "not judged", detail: "not run"))
    }
    if let p99 = figure("nodes.pushP99") {
        results.append(TargetResult(target: "35 nodes: p99 push latency < 100 ms / 100", verdict: p99.value < 100 ? "met" : "missed",
                                    detail: String(format: "p99 %.1f ms over %d push requests of 100 records", p99.value, p99.items ?? 0)))
    } else {
        results.append(TargetResult(target: "35 nodes: p99 push latency < 100 ms / 100", verdict: "not judged", detail: "not run"))
    }
    return results
}
