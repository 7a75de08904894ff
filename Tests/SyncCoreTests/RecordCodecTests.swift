import Foundation
import Testing
@testable import SyncCore

/// The fast record codec against Foundation's Codable forms, and on hostile input.
@Suite struct RecordCodecTests {
    static func randomState(_ rng: inout SeededRandom) -> RecordState {
        let texts = ["Nguyễn Văn An", "a\"b\\c", "tab\there\nnew line", "\u{1}\u{1F}", "😀 emoji", "", "/slash/"]
        var vv = VersionVector()
        var fields: [String: [Sibling]] = [:]
        for f in 0..<Int.random(in: 1...5, using: &rng) {
            var siblings: [Sibling] = []
            for s in 0..<Int.random(in: 1...3, using: &rng) {
                let dot = Dot(node: NodeID(unchecked: "n\(s)"), counter: UInt64.random(in: 1...UInt64(Int64.max), using: &rng))
                vv.add(dot)
                let value: FieldValue
                switch Int.random(in: 0...6, using: &rng) {
                case 0: value = .null
                case 1: value = .bool(rng.chance(0.5))
                case 2: value = .integer(Int64.random(in: .min ... .max, using: &rng))
                case 3: value = .decimal(DecimalText("-12.5")!)
                case 4: value = .date(CivilDate(year: 2025, month: 7, day: 1)!)
                case 5: value = .textList(texts.shuffled(using: &rng))
                default: value = .text(texts.randomElement(using: &rng)!)
                }
                siblings.append(Sibling(dot: dot, timestamp: HLCTimestamp(physical: Int64.random(in: 0...Int64.max, using: &rng), logical: UInt32.random(in: 0...UInt32.max, using: &rng)),
                                        role: Role.allCases.randomElement(using: &rng)!, value: value))
            }
            fields["f\(f)"] = Dictionary(siblings.map { ($0.dot, $0) }, uniquingKeysWith: { a, _ in a }).values.sorted { $0.dot < $1.dot }
        }
        return RecordState(vv: vv, fields: fields)
    }

    /// Dates and decimals come back as text from JSON; compare after the schema's typing step.
    static func untyped(_ state: RecordState) -> RecordState {
        RecordState(vv: state.vv, fields: state.fields.mapValues { $0.map { s in
            switch s.value {
            case .decimal(let d): return Sibling(dot: s.dot, timestamp: s.timestamp, role: s.role, value: .text(d.text))
            case .date(let d): return Sibling(dot: s.dot, timestamp: s.timestamp, role: s.role, value: .text(d.description))
            default: return s
            }
        } })
    }

    @Test func roundTripsAndAgreesWithFoundation() throws {
        var rng = SeededRandom(seed: PropertySettings.baseSeed)
        for i in 0..<500 {
            let state = Self.randomState(&rng)
            let fast = RecordCodec.encode(state)
            let viaFast = try RecordCodec.decodeState(fast)
            let viaFoundation = try WireJSON.decode(RecordState.self, from: Data(fast))
            let fromFoundation = try RecordCodec.decodeState([UInt8](try WireJSON.encode(state)))
            #expect(viaFast == Self.untyped(state), "case \(i)")
            #expect(viaFoundation == viaFast, "case \(i)")
            #expect(fromFoundation == viaFast, "case \(i)")
        }
        let version = RecordVersion(key: RecordKey(collection: "notes", id: "x"), scope: "north", state: Self.randomState(&rng))
        #expect(try RecordCodec.decodeVersion(RecordCodec.encode(version)) == RecordVersion(key: version.key, scope: "north", state: Self.untyped(version.state)))
    }

    @Test(arguments: [
        "", "{", "{\"vv\":{},\"fields\":{}", "{\"vv\":{},\"fields\":{},}", "{\"vv\":{}}", "[]", "null",
        "{\"vv\":{\"a\":1.5},\"fields\":{}}", "{\"vv\":{\"a\":1e3},\"fields\":{}}", "{\"vv\":{\"a\":-1},\"fields\":{}}",
        "{\"vv\":{\"a\":99999999999999999999},\"fields\":{}}", "{\"vv\":{\"a\":9223372036854775808},\"fields\":{}}",
        "{\"vv\":{\"A\":1},\"fields\":{}}", "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:0\",\"ts\":[0,0],\"role\":\"board\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:01\",\"ts\":[0,0],\"role\":\"board\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0],\"role\":\"board\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"king\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":{}}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":\"a\u{1}b\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":\"\\ud800\"}]}}",
        "{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":\"\\x\"}]}}",
        "{\"vv\":{},\"fields\":{}} extra",
        "{\"vv\":{\"a\":1,\"a\":2},\"fields\":{}}", "{\"vv\":{},\"vv\":{},\"fields\":{}}",
        "{\"vv\":{\"a\":1},\"fields\":{\"f\":[],\"f\":[]}}",
        "{\"vv\":{\"a\":1},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":1,\"value\":2}]}}",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
        "{\"vv\":{},\"fields\":{},\"deep\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}",
    ])
    func rejectsMalformedInputWithAClearError(_ text: String) {
        do {
            _ = try RecordCodec.decodeState(Array(text.utf8))
            Issue.record("accepted: \(text.prefix(80))")
        } catch let error as SyncError {
            #expect(error.code == .malformedJSON || error.code == .invalidNodeID, "\(error)")
        } catch {
            Issue.record("unexpected error type \(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        var bytes = Array("{\"vv\":{},\"fields\":{\"f\":[{\"dot\":\"a:1\",\"ts\":[0,0],\"role\":\"board\",\"value\":\"".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}]}}".utf8)
        #expect(throws: SyncError.self) { try RecordCodec.decodeState(bytes) }
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let text = "{\"fields\":{\"f\":[{\"dot\":\"a:1\",\"role\":\"board\",\"ts\":[1,2],\"value\":\"\\u0110\\u1ea1i \\ud83d\\ude00 \\\"q\\\" \\/\"}]},\"vv\":{\"a\":1}}"
        let state = try RecordCodec.decodeState(Array(text.utf8))
        #expect(state.fields["f"]?.first?.value == .text("Đại 😀 \"q\" /"))
    }
}

@Suite struct UTF8CheckTests {
    @Test(arguments: [
        ([0x41, 0xC3, 0xA9], true), ([0xE1, 0xBB, 0x85], true), ([0xF0, 0x9F, 0x98, 0x80], true),
        ([0xC0, 0xAF], false), ([0xE0, 0x80, 0xAF], false), ([0xED, 0xA0, 0x80], false),
        ([0xF4, 0x90, 0x80, 0x80], false), ([0xC3], false), ([0x80], false), ([0xFF], false), ([0xE1, 0xBB], false),
    ] as [([UInt8], Bool)])
    func validatesLikeTheStandardLibrary(_ bytes: [UInt8], _ valid: Bool) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) } == valid)
        #expect((String(validating: bytes, as: UTF8.self) != nil) == valid)
    }
}
