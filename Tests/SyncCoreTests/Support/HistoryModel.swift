@testable import SyncCore

/// One write as the history made it: what it wrote and the writer's vector right after it.
struct WriteLog: Sendable {
    let key: String
    let dot: Dot
    let values: [String: FieldValue]
    /// The record's version vector at the writer, including the write's own dot.
    let vv: VersionVector
}

/// The expected state of every record after a full exchange, computed from the write log alone
/// (not with the merge function): a write's value survives in a field unless a write to the same
/// field whose vector covers its dot exists.
enum ExpectedState {
    static func compute(from log: [WriteLog]) -> [String: RecordState] {
        var byKey: [String: [WriteLog]] = [:]
        for write in log { byKey[write.key, default: []].append(write) }
        return byKey.mapValues { writes in
            var vv = VersionVector()
            var fields: [String: [Sibling]] = [:]
            for write in writes { vv.merge(write.vv) }
            let names = Set(writes.flatMap { $0.values.keys })
            for name in names {
                let writers = writes.filter { $0.values[name] != nil }
                for w in writers where !writers.contains(where: { $0.dot != w.dot && $0.vv.covers(w.dot) }) {
                    fields[name, default: []].append(Sibling(dot: w.dot, timestamp: .zero, role: .province, value: w.values[name]!))
                }
            }
            return RecordState(vv: vv, fields: fields)
        }
    }

    /// Describes how `actual` differs from `expected` in dots and values (timestamps and roles ignored).
    static func difference(_ actual: RecordState, _ expected: RecordState) -> String? {
        if actual.vv != expected.vv { return "vv \(actual.vv) != expected \(expected.vv)" }
        let names = Set(actual.fields.keys).union(expected.fields.keys)
        for name in names.sorted() {
            let a = (actual.fields[name] ?? []).map { "\($0.dot)=\($0.value)" }
            let e = (expected.fields[name] ?? []).map { "\($0.dot)=\($0.value)" }
            if a != e { return "field \(name): has \(a), expected \(e)" }
        }
        return nil
    }
}

/// Messages in flight between nodes: delivered in random order, sometimes twice, blocked by partitions.
struct Network<Message> {
    private(set) var inFlight: [(to: Int, message: Message)] = []
    /// Group of each node; nodes in different groups cannot exchange while partitioned.
    private(set) var groups: [Int]

    init(nodes: Int) { groups = Array(repeating: 0, count: nodes) }

    func canReach(_ from: Int, _ to: Int) -> Bool { groups[from] == groups[to] }

    mutating func send(_ message: Message, from: Int, to: Int) {
        if canReach(from, to) { inFlight.append((to, message)) }
    }

    /// Takes a random message; with probability `duplicate` it stays queued to be delivered again.
    mutating func takeRandom(using rng: inout SeededRandom, duplicate: Double) -> (to: Int, message: Message)? {
        guard !inFlight.isEmpty else { return nil }
        let index = Int.random(in: 0..<inFlight.count, using: &rng)
        let item = inFlight[index]
        if !rng.chance(duplicate) { inFlight.remove(at: index) }
        return item
    }

    /// Splits nodes into two random groups, or heals the partition.
    mutating func repartition(using rng: inout SeededRandom) {
        if rng.chance(0.5) {
            groups = groups.map { _ in 0 }
        } else {
            groups = groups.map { _ in Int.random(in: 0...1, using: &rng) }
        }
    }
}
