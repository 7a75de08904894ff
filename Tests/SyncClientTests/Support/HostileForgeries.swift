import Foundation
import Commendation
import SyncCore

/// Well-formed versions that break the hub's write rules: each must be rejected with its code
/// and leave the hub's data as it was.
extension HostileGenerator {
    mutating func forgery() -> HostileCase {
        let m = material
        var version = m.decided
        // Free-text fields, so that a forged value is refused for what it forges, not for its type.
        let provinceFields = ["nominee_name", "achievements"]
        let boardFields = ["decision_number", "decision_authority", "board_reason"]
        let code: String
        switch Int.random(in: 0..<10, using: &rng) {
        case 0:   // a write under another node's id
            let other = try! NodeID(["board", "hcm-office", "hub", "intruder-\(Int.random(in: 0...9, using: &rng))"].randomElement(using: &rng)!)
            let dot = Dot(node: other, counter: version.state.vv[other] + UInt64.random(in: 1...1_000, using: &rng))
            version.state.vv.add(dot)
            version.state.fields[provinceFields.randomElement(using: &rng)!] = [Sibling(dot: dot, timestamp: Self.now, role: .province, value: .text("giả mạo"))]
            code = "foreign_dot"
        case 1:   // a new record outside the node's scopes
            version = fresh()
            let outside = ReferenceData.provinces.map(\.code).filter { $0 != "hn" && $0 != "hp" } + [Scope.national]
            version = RecordVersion(key: version.key, scope: outside.randomElement(using: &rng)!, state: version.state)
            code = "scope_violation"
        case 2:   // a province writing a board-owned field, with its own dot
            let dot = ownDot()
            version.state.vv.add(dot)
            version.state.fields[boardFields.randomElement(using: &rng)!] = [Sibling(dot: dot, timestamp: Self.now, role: .province, value: .text("approved"))]
            code = "field_not_owned"
        case 3:   // its own dot, claiming a role it was not registered with
            let dot = ownDot()
            version.state.vv.add(dot)
            let role: Role = [.board, .admin, .reader].randomElement(using: &rng)!
            version.state.fields[(provinceFields + boardFields).randomElement(using: &rng)!] = [Sibling(dot: dot, timestamp: Self.now, role: role, value: .text("x"))]
            code = "field_not_owned"
        case 4:   // a vector claiming writes another node never issued
            let other = [m.boardID, try! NodeID("hcm-office")].randomElement(using: &rng)!
            version.state.vv.add(Dot(node: other, counter: version.state.vv[other] + UInt64.random(in: 1...UInt64(Int64.max / 2), using: &rng)))
            code = "foreign_dot"
        case 5:   // erasing the board's decision by leaving one or both of its fields out
            let held = ["board_status", "decision_number"].filter { version.state.fields[$0] != nil }.shuffled(using: &rng)
            for field in held.prefix(Int.random(in: 1...held.count, using: &rng)) { version.state.fields[field] = nil }
            code = "bad_change"
        case 6:   // reusing a dot the hub already holds, for different data
            let field = provinceFields.filter { key in version.state.fields[key]?.contains { $0.dot.node == m.provinceID } == true }.randomElement(using: &rng)!
            version.state.fields[field] = version.state.fields[field]!.map {
                Sibling(dot: $0.dot, timestamp: $0.timestamp, role: $0.role, value: .text("đổi lén \(Int.random(in: 0...999, using: &rng))"))
            }
            code = "dot_reused"
        case 7:   // moving a record to another of the node's scopes
            version = RecordVersion(key: version.key, scope: "hp", state: version.state)
            code = "scope_mismatch"
        case 8:   // many values of its own in one field (a correct node's writes replace each other)
            let dots = (0..<Int.random(in: 2...2_000, using: &rng)).map { _ in ownDot() }
            for dot in dots { version.state.vv.add(dot) }
            version.state.fields["achievements"] = dots.map { Sibling(dot: $0, timestamp: Self.now, role: .province, value: .text("x")) }
            code = "bad_change"
        default:  // a value its own vector does not cover
            version = fresh()
            let dot = ownDot()
            version.state.fields["achievements"] = [Sibling(dot: dot, timestamp: Self.now, role: .province, value: .text("x"))]
            code = "bad_change"
        }
        let body = pushBody([version])
        return HostileCase("forgery", RawSocket.request("POST", "/v1/push", token: m.province, body: body), code: code)
    }

    /// A new valid nomination of the province, with a dot never used before.
    mutating func fresh() -> RecordVersion {
        nextID += 1
        let dot = ownDot()
        let key = RecordKey(collection: "nominations", id: "fg-\(nextID)")
        var state = RecordState()
        state.vv.add(dot)
        let values: [String: FieldValue] = [RecordState.deletedField: .bool(false), "nominee_name": .text("Trần Thị Bình"), "nominee_kind": .text("individual"),
                                            "title_code": .text("CSTDCS"), "year": .integer(2025), "status": .text("submitted")]
        for (field, value) in values { state.fields[field] = [Sibling(dot: dot, timestamp: Self.now, role: .province, value: value)] }
        return RecordVersion(key: key, scope: "hn", state: state)
    }

    /// A sibling of the province at a fresh dot (its vector must be given the dot too).
    mutating func sibling(_ value: FieldValue) -> Sibling {
        Sibling(dot: ownDot(), timestamp: Self.now, role: .province, value: value)
    }

    mutating func ownDot() -> Dot {
        nextCounter += 1
        return Dot(node: material.provinceID, counter: nextCounter)
    }

    func pushBody(_ versions: [RecordVersion]) -> [UInt8] {
        var body = Array("{\"versions\":[".utf8)
        for (i, version) in versions.enumerated() {
            if i > 0 { body.append(UInt8(ascii: ",")) }
            body += RecordCodec.encode(version)
        }
        return body + Array("]}".utf8)
    }

    /// `n` nested arrays.
    func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }

    static let now = HLCTimestamp(physical: 1_760_000_000_000, logical: 0)
}
