import Foundation
import SyncClient
import Commendation
import SyncCore

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Progress, on standard error (standard output holds the report).
func log(_ text: String) { FileHandle.standardError.write(Data("tdsync-bench: \(text)\n".utf8)) }

/// Fails the scenario (the benchmark then exits 1 and prints no figure) unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw BenchError("check failed: \(message())") }
}

/// A file of this project (`relative` to its root), looked for from the working directory up.
func projectItem(_ relative: String) -> URL? {
    var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    for _ in 0..<6 {
        let candidate = dir.appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    return nil
}

/// Monotonic nanoseconds.
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func seconds(since start: UInt64) -> Double { Double(now() - start) / 1e9 }

/// Runs `body` and returns its result and the seconds it took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = now()
    let value = try body()
    return (value, seconds(since: start))
}

func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = now()
    let value = try await body()
    return (value, seconds(since: start))
}

/// A value shared between tasks, behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Runs blocking work (SQLite writes and their fsync) on a GCD thread, so that many simulated
/// nodes do not starve the two threads of Swift's cooperative pool.
func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// Runs `body` on every item at once and returns the results in order. Nothing is cancelled when
/// one fails (a request cancelled in flight must never hang the run): the others finish, then
/// the first failure is thrown.
func allAtOnce<T: Sendable, R: Sendable>(_ items: [T], _ body: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    let results = await withTaskGroup(of: (Int, Result<R, any Error>).self) { group in
        for (index, item) in items.enumerated() {
            group.addTask {
                do { return (index, .success(try await body(item))) } catch { return (index, .failure(error)) }
            }
        }
        var results = [Result<R, any Error>?](repeating: nil, count: items.count)
        for await (index, result) in group { results[index] = result }
        return results
    }
    return try results.map { try $0!.get() }
}

/// The nearest-rank percentile `p` (0…1) of `values`, which must not be empty.
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

// MARK: - The records every scenario writes

/// The nominations every scenario writes: realistic, a year's worth, the same on every run.
let nominationData = NominationGenerator(year: 2025, seed: 2025)

/// Nomination `i` of scope `scope` (id `prefix` + i), as a local create.
func nominationWrite(_ i: Int, scope: String = "hn", prefix: String = "n") -> LocalWrite {
    nominationData.nomination(i, scope: scope, id: "\(prefix)\(i)")
}

func nominationWrites(_ range: Range<Int>, scope: String = "hn", prefix: String = "n") -> [LocalWrite] {
    range.map { nominationWrite($0, scope: scope, prefix: prefix) }
}

/// Writes nominations `range` into `replica` through the engine, `batch` per transaction.
func writeNominations(_ replica: Replica, _ range: Range<Int>, batch: Int, scope: String = "hn", prefix: String = "n") throws {
    for start in stride(from: range.lowerBound, to: range.upperBound, by: batch) {
        _ = try replica.write(nominationWrites(start..<min(start + batch, range.upperBound), scope: scope, prefix: prefix))
    }
}

/// Live records of a collection, counted in the change log (no records loaded, so no memory spent).
func liveCount(_ replica: Replica, collection: String = "nominations", scope: String? = nil) throws -> Int {
    try replica.count(in: collection, scope: scope)
}

/// The nominations of `replica` (in `scope`, or all), by key.
func nominationsByKey(_ replica: Replica, scope: String? = nil) throws -> [RecordKey: RecordVersion] {
    var result: [RecordKey: RecordVersion] = [:]
    for record in try replica.records(in: "nominations") where scope == nil || record.version.scope == scope {
        result[record.version.key] = record.version
    }
    return result
}

/// Checks that `actual` (another replica's nominations, `name`) holds every nomination of
/// `expected` in `scope` with the very same state, and no other in that scope.
func checkSameNominations(_ expected: Replica, in actual: [RecordKey: RecordVersion], name: String, scope: String? = nil) throws {
    let mine = try nominationsByKey(expected, scope: scope)
    let theirs = scope.map { s in actual.filter { $0.value.scope == s } } ?? actual
    try check(mine.count == theirs.count, "\(expected.node) holds \(mine.count) nominations\(scope.map { " in \($0)" } ?? ""), \(name) \(theirs.count)")
    for (key, version) in mine where theirs[key] != version {
        throw BenchError("check failed: \(key) differs between \(expected.node) and \(name)")
    }
}

func checkSameNominations(_ expected: Replica, in actual: Replica, scope: String? = nil) throws {
    try checkSameNominations(expected, in: try nominationsByKey(actual, scope: scope), name: actual.node.rawValue, scope: scope)
}

/// Checks that two replicas hold the same `count` nominations `n0`…: every one of them up to
/// 100,000 records, else the counts and every record of an even sample of 1,000 or more.
func checkSameNominations(_ a: Replica, _ b: Replica, count: Int) throws {
    if count <= 100_000 { return try checkSameNominations(a, in: b) }
    let (countA, countB) = (try liveCount(a), try liveCount(b))
    try check(countA == count && countB == count, "\(a.node) holds \(countA) nominations and \(b.node) \(countB), not \(count)")
    for i in stride(from: 0, to: count, by: max(1, count / 1_000)) {
        let key = RecordKey(collection: "nominations", id: "n\(i)")
        try check(try a.record(key)?.version == b.record(key)?.version, "\(key) differs between \(a.node) and \(b.node)")
    }
}

/// The peak resident set (VmHWM) of a process, in kB, from /proc.
func peakRSSKB(pid: Int32? = nil) -> Int? {
    let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
    }
    return nil
}

/// What /proc/PID/stat says of a process's CPU: its own seconds (user + system, every thread),
/// the seconds of the children it has waited for, and its parent.
struct ProcessCPU {
    let own: Double
    let waitedChildren: Double
    let parent: Int32

    /// nil when the process is gone.
    init?(pid: Int32? = nil) {
        let path = pid.map { "/proc/\($0)/stat" } ?? "/proc/self/stat"
        // The command name is in parentheses and may hold spaces: the fields follow the last ')'.
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is stat's 3rd field (state): ppid is the 4th, utime…cstime the 14th…17th.
        guard fields.count > 14, let parent = Int32(fields[1]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let value = { (index: Int) in Double(fields[index]).map { $0 / ticks } ?? 0 }
        own = value(11) + value(12)
        waitedChildren = value(13) + value(14)
        self.parent = parent
    }

    /// The CPU seconds of a process and every child it has or had (a server and its workers).
    static func tree(_ root: Int32) -> Double {
        guard let top = ProcessCPU(pid: root) else { return 0 }
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
        return pids.reduce(top.own + top.waitedChildren) { sum, pid in
            guard pid != root, let child = ProcessCPU(pid: pid), child.parent == root else { return sum }
            return sum + child.own
        }
    }
}
