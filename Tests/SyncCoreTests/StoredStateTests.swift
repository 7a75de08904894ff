import Foundation
import Testing
import TestSupport
@testable import SyncCore

/// The compact stored form: it reads back exactly what was written, writes the same wire JSON as
/// the record codec, refuses damaged bytes with an error, and older files (JSON states) still read.
@Suite struct StoredStateTests {
    static let layout = FieldLayout(names: ["_deleted"] + (0..<5).map { "f\($0)" }.reversed())

    @Test func roundTripsAndWritesTheCodecsWireJSON() throws {
        var rng = SeededRandom(seed: PropertySettings.baseSeed)
        for i in 0..<2_000 {
            var state = RecordCodecTests.randomState(&rng)
            // The same write in several fields, as every local write makes it.
            if let shared = state.fields.values.first?.first, rng.chance(0.5) {
                state.fields["_deleted"] = [Sibling(dot: shared.dot, timestamp: shared.timestamp, role: shared.role, value: .bool(false))]
            }
            let stored = try #require(StoredState.encode(state, layout: Self.layout), "case \(i)")
            #expect(stored.first == StoredState.formatV1)
            let decoded = try stored.withUnsafeBufferPointer { try StoredState.decode($0, layout: Self.layout) }
            #expect(decoded == state, "case \(i)")
            #expect(StoredState.encode(decoded, layout: Self.layout) == stored, "case \(i): the form is canonical")
            let key = RecordKey(collection: "notes", id: "r\(i)")
            var w = JSONWriter()
            try stored.withUnsafeBufferPointer { try StoredState.writeVersion(key: key, scope: "north", state: $0, layout: Self.layout, into: &w) }
            #expect(w.bytes == RecordCodec.encode(RecordVersion(key: key, scope: "north", state: state)), "case \(i)")
        }
    }

    @Test func matchingTheStoredBytesAnswersWhatEncodingAndComparingWould() throws {
        var rng = SeededRandom(seed: PropertySettings.baseSeed &+ 2)
        var matched = 0
        for i in 0..<3_000 {
            let state = RecordCodecTests.randomState(&rng)
            let stored = try #require(StoredState.encode(state, layout: Self.layout), "case \(i)")
            #expect(StoredState.matches(stored, state, layout: Self.layout), "case \(i): a state matches its own stored form")
            // Another state: often a small change of this one (a value, a time, a role, a field
            // more or less), sometimes unrelated.
            var other = state
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: other = RecordCodecTests.randomState(&rng)
            case 1: if let name = other.fields.keys.first { other.fields[name] = nil }
            case 2:
                if let name = other.fields.keys.last, let first = other.fields[name]?.first {
                    other.fields[name] = [Sibling(dot: first.dot, timestamp: HLCTimestamp(physical: first.timestamp.physical + 1, logical: 0),
                                                  role: first.role, value: first.value)] + (other.fields[name]?.dropFirst() ?? [])
                }
            case 3:
                if let name = other.fields.keys.first, let first = other.fields[name]?.first {
                    other.fields[name] = [Sibling(dot: first.dot, timestamp: first.timestamp, role: first.role == .board ? .province : .board,
                                                  value: .text("khác"))] + (other.fields[name]?.dropFirst() ?? [])
                }
            default: break
            }
            let expected = StoredState.encode(other, layout: Self.layout) == stored
            #expect(StoredState.matches(stored, other, layout: Self.layout) == expected, "case \(i)")
            if expected { matched += 1 }
            // Damaged bytes never match.
            var damaged = stored
            damaged[Int.random(in: 0..<damaged.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            #expect(StoredState.matches(damaged, state, layout: Self.layout) == (StoredState.encode(state, layout: Self.layout) == damaged), "case \(i)")
        }
        #expect(matched > 300 && matched < 2_700, "both answers are exercised (\(matched) matched)")

        // More writes than the matcher's bit mask holds: it answers by encoding.
        let nodes = (0..<70).map { NodeID(unchecked: "n\($0)") }
        let many = RecordState(vv: VersionVector(Dictionary(uniqueKeysWithValues: nodes.map { ($0, UInt64(1)) })), fields: [
            "f0": nodes.map { Sibling(dot: Dot(node: $0, counter: 1), timestamp: .zero, role: .province, value: .text($0.rawValue)) },
        ])
        let stored = try #require(StoredState.encode(many, layout: Self.layout))
        #expect(StoredState.matches(stored, many, layout: Self.layout))
        var changed = many
        changed.fields["f0"]?[69] = Sibling(dot: Dot(node: nodes[69], counter: 1), timestamp: .zero, role: .province, value: .text("x"))
        #expect(!StoredState.matches(stored, changed, layout: Self.layout))
    }

    @Test func aFieldWithoutAPositionIsNotEncoded() {
        let dot = Dot(node: NodeID(unchecked: "hn"), counter: 1)
        let state = RecordState(vv: VersionVector([dot.node: 1]),
                                fields: ["elsewhere": [Sibling(dot: dot, timestamp: .zero, role: .province, value: .null)]])
        #expect(StoredState.encode(state, layout: Self.layout) == nil)
    }

    @Test func damagedBytesAreAnErrorNeverACrash() throws {
        var rng = SeededRandom(seed: PropertySettings.baseSeed &+ 1)
        for _ in 0..<2_000 {
            var bytes = StoredState.encode(RecordCodecTests.randomState(&rng), layout: Self.layout)!
            switch Int.random(in: 0...2, using: &rng) {
            case 0: bytes.removeLast(Int.random(in: 1...bytes.count - 1, using: &rng))
            case 1: bytes[Int.random(in: 1..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            default: bytes.append(UInt8.random(in: 0...255, using: &rng))
            }
            // Either it still reads as some state (a flipped value byte) or it throws; both ways
            // the JSON writer agrees with the decoder.
            let decoded = try? bytes.withUnsafeBufferPointer { try StoredState.decode($0, layout: Self.layout) }
            var w = JSONWriter()
            let written = (try? bytes.withUnsafeBufferPointer {
                try StoredState.writeVersion(key: RecordKey(collection: "notes", id: "x"), scope: "north", state: $0, layout: Self.layout, into: &w)
            }) != nil
            #expect(written == (decoded != nil))
        }
    }

    @Test func recordsAreStoredCompactAndRewrittenRecordsLeaveTheOutboxOnAcknowledgement() throws {
        let dir = try TemporaryDirectory()
        let replica = try Fixtures.makeReplica(dir, "hn")
        let version = try replica.write(Fixtures.createNote("n1"))
        let json = RecordCodec.encode(version.state)
        let stored = try #require(StoredState.encode(version.state, layout: replica.layouts["notes"]!))
        #expect(stored.count * 3 < json.count, "stored \(stored.count) bytes, JSON \(json.count)")
        #expect(try replica.syncState().outboxSize == 1)
        let entries = try replica.outbox(limit: 10)
        try replica.acknowledge(entries, results: [ApplyResult(key: version.key, outcome: .applied)])
        #expect(try replica.syncState().outboxSize == 0)
        #expect(try replica.record(version.key)?.version == version)
    }
}
