import Testing
@testable import SyncCore

/// Hand-written merge cases; the property tests cover the rest.
@Suite struct MergeTests {
    let p = NodeID(unchecked: "p"), q = NodeID(unchecked: "q")

    func sibling(_ node: NodeID, _ counter: UInt64, _ value: FieldValue, role: Role = .province, ts: Int64 = 0) -> Sibling {
        Sibling(dot: Dot(node: node, counter: counter), timestamp: HLCTimestamp(physical: ts, logical: 0), role: role, value: value)
    }

    @Test func laterWriteSupersedesEarlierOne() {
        let base = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(p, 1, .integer(1))]])
        let later = RecordState(vv: VersionVector([p: 1, q: 1]), fields: ["a": [sibling(q, 1, .integer(2))]])
        let merged = base.merging(later)
        #expect(merged.fields["a"] == [sibling(q, 1, .integer(2))])
        #expect(merged.conflictingFields.isEmpty)
        #expect(later.merging(base) == merged)
    }

    @Test func concurrentWritesKeepBothValues() {
        let left = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(p, 1, .text("x"))]])
        let right = RecordState(vv: VersionVector([q: 1]), fields: ["a": [sibling(q, 1, .text("y"))]])
        let merged = left.merging(right)
        #expect(merged.fields["a"]?.count == 2)
        #expect(merged.conflictingFields == ["a"])
        #expect(merged.vv == VersionVector([p: 1, q: 1]))
    }

    @Test func concurrentEqualValuesAreNotAConflict() {
        let left = RecordState(vv: VersionVector([p: 1]), fields: ["_deleted": [sibling(p, 1, .bool(false))]])
        let right = RecordState(vv: VersionVector([q: 1]), fields: ["_deleted": [sibling(q, 1, .bool(false))]])
        #expect(left.merging(right).conflictingFields.isEmpty)
    }

    @Test func editConcurrentWithDeleteStaysAlive() {
        let created = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(p, 1, .integer(1))], "_deleted": [sibling(p, 1, .bool(false))]])
        var deleted = created
        deleted.vv.add(Dot(node: p, counter: 2))
        deleted.fields["_deleted"] = [sibling(p, 2, .bool(true))]
        var edited = created
        edited.vv.add(Dot(node: q, counter: 1))
        edited.fields["a"] = [sibling(q, 1, .integer(9))]
        edited.fields["_deleted"] = [sibling(q, 1, .bool(false))]
        let merged = deleted.merging(edited)
        #expect(!merged.isDeleted)
        #expect(merged.conflictingFields == ["_deleted"])
        #expect(merged.fields["a"] == [sibling(q, 1, .integer(9))])
        #expect(Winner.deletion(merged.fields["_deleted"]!)?.value == .bool(false))
        #expect(deleted.isDeleted)
    }

    @Test func resolvingIsAWriteThatSupersedesAllSiblings() {
        let conflict = RecordState(vv: VersionVector([p: 1, q: 1]), fields: ["a": [sibling(p, 1, .text("x")), sibling(q, 1, .text("y"))]])
        var resolved = conflict
        resolved.vv.add(Dot(node: p, counter: 2))
        resolved.fields["a"] = [sibling(p, 2, .text("y"))]
        #expect(conflict.merging(resolved) == resolved)
        #expect(resolved.merging(conflict) == resolved)
    }

    @Test func winnerPrefersOwnerRoleThenTimestampThenNode() {
        let provinceLate = sibling(p, 1, .text("late"), role: .province, ts: 200)
        let boardEarly = sibling(q, 1, .text("early"), role: .board, ts: 100)
        #expect(Winner.pick([provinceLate, boardEarly], owner: .board) == boardEarly)
        #expect(Winner.pick([provinceLate, boardEarly], owner: .province) == provinceLate)
        let pSame = sibling(p, 1, .text("p"), ts: 100), qSame = sibling(q, 1, .text("q"), ts: 100)
        #expect(Winner.pick([pSame, qSame], owner: .province) == qSame)
        #expect(Winner.pick([qSame, pSame], owner: .province) == qSame)
    }

    @Test func sameDotWithDifferentDataResolvesTheSameWayOnBothSides() {
        let a = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(p, 1, .integer(1))]])
        let b = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(p, 1, .integer(2))]])
        #expect(a.merging(b) == b.merging(a))
        #expect(a.merging(b).fields["a"]?.count == 1)
    }

    @Test func problemsFindUncoveredSiblings() {
        let bad = RecordState(vv: VersionVector([p: 1]), fields: ["a": [sibling(q, 3, .integer(1))]])
        #expect(!bad.problems.isEmpty)
        #expect(RecordState(vv: VersionVector([q: 3]), fields: ["a": [sibling(q, 3, .integer(1))]]).problems.isEmpty)
    }
}
