import Testing
@testable import SyncCore

/// A node of the pure model: record states in memory, merged with `RecordState.merging`.
private struct ModelNode {
    let id: NodeID
    let role: Role
    var counter: UInt64 = 0
    var clock = HybridLogicalClock()
    var records: [String: RecordState] = [:]

    mutating func write(_ key: String, _ values: [String: FieldValue], wall: Int64) -> WriteLog {
        counter += 1
        let dot = Dot(node: id, counter: counter)
        let ts = clock.tick(wall: wall)
        var state = records[key] ?? RecordState()
        state.vv.add(dot)
        for (name, value) in values { state.fields[name] = [Sibling(dot: dot, timestamp: ts, role: role, value: value)] }
        records[key] = state
        return WriteLog(key: key, dot: dot, values: values, vv: state.vv)
    }

    mutating func receive(_ key: String, _ state: RecordState) {
        records[key] = records[key].map { $0.merging(state) } ?? state
    }
}

/// Random histories over the pure merge: 5 nodes, creates, partial updates and deletes by random
/// roles, messages reordered and duplicated, partitions; then a full exchange.
@Suite struct PureConvergenceTests {
    static let keys = ["r0", "r1", "r2"]
    static let fieldNames = ["a", "b", "c", "d"]

    /// Runs one history; returns the nodes, the write log and sampled intermediate states.
    private static func run(seed: UInt64) -> (nodes: [ModelNode], log: [WriteLog], samples: [String: [RecordState]]) {
        var rng = SeededRandom(seed: seed)
        var nodes = (0..<5).map { ModelNode(id: NodeID(unchecked: "n\($0)"), role: $0 == 0 ? .board : .province) }
        var network = Network<(String, RecordState)>(nodes: nodes.count)
        var log: [WriteLog] = []
        var samples: [String: [RecordState]] = [:]
        var wall: Int64 = 1_000
        for _ in 0..<Int.random(in: 20...80, using: &rng) {
            wall += Int64.random(in: -50...100, using: &rng)   // a wall clock that also jumps backwards
            let roll = Double.random(in: 0..<1, using: &rng)
            let n = Int.random(in: 0..<nodes.count, using: &rng)
            if roll < 0.4 {
                let key = keys.randomElement(using: &rng)!
                var values: [String: FieldValue] = [:]
                if let state = nodes[n].records[key], !state.isDeleted, rng.chance(0.15) {
                    values[RecordState.deletedField] = .bool(true)
                } else {
                    for name in fieldNames.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)) {
                        values[name] = rng.chance(0.1) ? .null : .integer(Int64.random(in: 0...3, using: &rng))
                    }
                    values[RecordState.deletedField] = .bool(false)
                }
                log.append(nodes[n].write(key, values, wall: wall))
            } else if roll < 0.75 {
                let to = Int.random(in: 0..<nodes.count, using: &rng)
                for (key, state) in nodes[n].records where rng.chance(0.6) { network.send((key, state), from: n, to: to) }
            } else if roll < 0.95 {
                if let (to, (key, state)) = network.takeRandom(using: &rng, duplicate: 0.3) {
                    nodes[to].receive(key, state)
                    samples[key, default: []].append(nodes[to].records[key]!)
                }
            } else {
                network.repartition(using: &rng)
            }
        }
        // Full exchange: everyone to node 0, then node 0 to everyone.
        for n in 1..<nodes.count { for (key, state) in nodes[n].records { nodes[0].receive(key, state) } }
        for n in 1..<nodes.count { for (key, state) in nodes[0].records { nodes[n].receive(key, state) } }
        for node in nodes { for (key, state) in node.records { samples[key, default: []].append(state) } }
        return (nodes, log, samples)
    }

    @Test func replicasConvergeWithNoLossAndNoStaleSibling() {
        let count = 1_000 * PropertySettings.scale
        for i in 0..<count {
            let seed = PropertySettings.baseSeed &+ UInt64(i)
            let (nodes, log, _) = Self.run(seed: seed)
            for node in nodes.dropFirst() where node.records != nodes[0].records {
                Issue.record("seed \(seed): node \(node.id) differs from n0 after a full exchange")
                return
            }
            let expected = ExpectedState.compute(from: log)
            for (key, state) in nodes[0].records {
                if let diff = ExpectedState.difference(state, expected[key] ?? RecordState()) {
                    Issue.record("seed \(seed): record \(key): \(diff)")
                    return
                }
                if let problem = state.problems.first {
                    Issue.record("seed \(seed): record \(key) is malformed: \(problem)")
                    return
                }
            }
        }
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() {
        let count = 1_000 * PropertySettings.scale
        var checked = 0
        for i in 0..<count {
            let seed = PropertySettings.baseSeed &+ 1_000_000 &+ UInt64(i)
            var rng = SeededRandom(seed: seed)
            let (_, _, samples) = Self.run(seed: seed)
            for states in samples.values where !states.isEmpty {
                let a = states.randomElement(using: &rng)!, b = states.randomElement(using: &rng)!, c = states.randomElement(using: &rng)!
                guard a.merging(b) == b.merging(a) else { Issue.record("seed \(seed): merge not commutative"); return }
                guard a.merging(b).merging(c) == a.merging(b.merging(c)) else { Issue.record("seed \(seed): merge not associative"); return }
                guard a.merging(a) == a, a.merging(b).merging(b) == a.merging(b) else { Issue.record("seed \(seed): merge not idempotent"); return }
                checked += 1
            }
        }
        #expect(checked >= count)
    }

    /// The merge against the dictionary merge it replaced (the oracle), on every pair of states
    /// sampled from 10 000 random histories: partitions, duplicated and reordered messages,
    /// deletes concurrent with edits, and writes over open conflicts (resolutions).
    @Test func mergeAgreesWithTheDictionaryOracle() {
        let count = 10_000 * PropertySettings.scale
        var compared = 0
        for i in 0..<count {
            let seed = PropertySettings.baseSeed &+ 2_000_000 &+ UInt64(i)
            var rng = SeededRandom(seed: seed)
            let (_, _, samples) = Self.run(seed: seed)
            for states in samples.values where !states.isEmpty {
                for _ in 0..<3 {
                    let a = states.randomElement(using: &rng)!, b = states.randomElement(using: &rng)!
                    guard a.merging(b) == DictionaryMerge.merging(a, b) else {
                        Issue.record("seed \(seed): the merge differs from the oracle on \(a) and \(b)")
                        return
                    }
                    compared += 1
                }
            }
        }
        #expect(compared >= count)
    }
}
