import Commendation
import Foundation
import Testing
@testable import SyncCore
@testable import SyncServer

/// The hub's write rules, one by one, without HTTP: each refusal with its code, and what passes.
@Suite struct WriteRulesTests {
    static let province = RegisteredNode(id: NodeID(unchecked: "pt-office"), role: .province, scopes: ["pt"], revoked: false,
                                         highestCounter: 10, lastSeenSeq: nil, lastSeenAt: nil)
    static let board = RegisteredNode(id: NodeID(unchecked: "board"), role: .board, scopes: [Scope.national], revoked: false,
                                      highestCounter: 0, lastSeenSeq: nil, lastSeenAt: nil)
    static let key = RecordKey(collection: "nominations", id: "pt-001")

    static func rules(_ node: RegisteredNode) -> WriteRules { WriteRules(node: node, schema: .commendation) }

    /// A sibling written by `node` (with `role`) at `counter`.
    static func sibling(_ value: FieldValue, _ node: String, _ counter: UInt64, role: Role = .province) -> Sibling {
        Sibling(dot: Dot(node: NodeID(unchecked: node), counter: counter), timestamp: HLCTimestamp(physical: 1_750_000_000_000, logical: 0),
                role: role, value: value)
    }

    /// A nomination created by the province office at counter 11 (its next write).
    static func created(scope: String = "pt", counter: UInt64 = 11) -> RecordVersion {
        let by = { (value: FieldValue) in [sibling(value, "pt-office", counter)] }
        return RecordVersion(key: key, scope: scope, state: RecordState(vv: VersionVector([NodeID(unchecked: "pt-office"): counter]), fields: [
            "nominee_name": by(.text("Nguyễn Văn An")), "nominee_kind": by(.text("individual")), "year": by(.integer(2025)),
            "title_code": by(.text("CSTDCS")), RecordState.deletedField: by(.bool(false)),
        ]))
    }

    static func refusal(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as SyncError { return error.code.rawValue } catch { return "\(error)" }
    }

    @Test func aNodesOwnNewWriteInItsScopePasses() throws {
        try Self.rules(Self.province).admit(Self.created(), over: nil)
        // A scope retired into the node's own (a province merged into Phú Thọ in 2025).
        try Self.rules(Self.province).admit(Self.created(scope: "vinh-phuc"), over: nil)
    }

    @Test func scopeRules() {
        #expect(Self.refusal { try Self.rules(Self.province).admit(Self.created(scope: "hn"), over: nil) } == "scope_violation")
        #expect(Self.refusal { try Self.rules(Self.province).admit(Self.created(scope: Scope.national), over: nil) } == "scope_violation")
        for role in [Role.reader, .admin] {
            let node = RegisteredNode(id: NodeID(unchecked: "pt-office"), role: role, scopes: ["pt"], revoked: false, highestCounter: 10,
                                      lastSeenSeq: nil, lastSeenAt: nil)
            #expect(Self.refusal { try Self.rules(node).admit(Self.created(), over: nil) } == "forbidden", "\(role)")
        }
    }

    @Test func aForgedCounterJumpIsRefusedAndNotCounted() {
        let jump = Self.created(counter: 10 + WriteRules.maxCounterJump + 1)
        #expect(Self.refusal { try Self.rules(Self.province).admit(jump, over: nil) } == "bad_change")
        #expect(Self.rules(Self.province).highestIssued(in: [jump]) == 10)
        let refused = Self.created(scope: "hn", counter: 15)   // refused for its scope, but the node did issue 15
        #expect(Self.rules(Self.province).highestIssued(in: [Self.created(), refused]) == 15)
    }

    @Test func writesOfOtherNodesTheHubHasNotSeenAreForeign() {
        var claims = Self.created()
        claims.state.vv = VersionVector([NodeID(unchecked: "pt-office"): 11, NodeID(unchecked: "hn-office"): 3])
        #expect(Self.refusal { try Self.rules(Self.province).admit(claims, over: nil) } == "foreign_dot")
        var foreign = Self.created()
        foreign.state.fields["achievements"] = [Self.sibling(.text("x"), "hn-office", 3)]
        foreign.state.vv.add(Dot(node: NodeID(unchecked: "hn-office"), counter: 3))
        #expect(Self.refusal { try Self.rules(Self.province).admit(foreign, over: nil) } == "foreign_dot")
        // Once the hub holds that write, carrying it along is fine.
        let stored = RecordVersion(key: Self.key, scope: "pt", state: foreign.state)
        #expect(Self.refusal { try Self.rules(Self.province).admit(foreign, over: stored) } == nil)
    }

    @Test func aRoleOrFieldTheNodeDoesNotHoldIsNotOwned() {
        var claimsBoard = Self.created()
        claimsBoard.state.fields["nominee_name"] = [Self.sibling(.text("x"), "pt-office", 11, role: .board)]
        #expect(Self.refusal { try Self.rules(Self.province).admit(claimsBoard, over: nil) } == "field_not_owned")
        var decides = Self.created()
        decides.state.fields["board_status"] = [Self.sibling(.text("approved"), "pt-office", 11)]
        #expect(Self.refusal { try Self.rules(Self.province).admit(decides, over: nil) } == "field_not_owned")
    }

    @Test func aValueIsDroppedOnlyByANewerOneInTheSameField() throws {
        let board = NodeID(unchecked: "board")
        var stored = Self.created()
        stored.state.fields["board_status"] = [Self.sibling(.text("approved"), "board", 1, role: .board)]
        stored.state.vv.add(Dot(node: board, counter: 1))
        // The province's next write covers the board's decision but leaves it out: erasing it.
        var erases = stored
        erases.state.fields["board_status"] = nil
        erases.state.vv.add(Dot(node: NodeID(unchecked: "pt-office"), counter: 12))
        erases.state.fields["achievements"] = [Self.sibling(.text("more"), "pt-office", 12)]
        #expect(Self.refusal { try Self.rules(Self.province).admit(erases, over: stored) } == "bad_change")
        // Keeping the decision and writing another field passes.
        var keeps = erases
        keeps.state.fields["board_status"] = stored.state.fields["board_status"]
        try Self.rules(Self.province).admit(keeps, over: stored)
        // The board replaces its decision with a newer value: passes.
        var replaces = stored
        replaces.state.vv.add(Dot(node: board, counter: 2))
        replaces.state.fields["board_status"] = [Self.sibling(.text("returned"), "board", 2, role: .board)]
        try Self.rules(Self.board).admit(replaces, over: stored)
    }
}
