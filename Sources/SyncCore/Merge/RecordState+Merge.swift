/// The merge of two states of the same record: the dot-store join of causal CRDTs.
///
/// Per field, a sibling survives if both sides hold it, or if the other side's version vector does
/// not cover its dot (the other side never saw that write, so it cannot have superseded it).
/// The merged vector is the pointwise maximum. The function is pure and total (any two states give
/// a result); on well-formed states (`RecordState.problems` empty) it is commutative, associative
/// and idempotent, which the property tests check.
extension RecordState {
    /// Merges `other` into this state.
    public mutating func merge(_ other: RecordState) {
        self = merging(other)
    }

    /// The merge of this state and `other`.
    public func merging(_ other: RecordState) -> RecordState {
        // Both field lists are in name order: one walk over the two.
        var result = FieldMap()
        let mine = Array(fields), theirs = Array(other.fields)
        var i = 0, j = 0
        while i < mine.count || j < theirs.count {
            let merged: [Sibling], name: String
            if j == theirs.count || (i < mine.count && utf8Precedes(mine[i].key, theirs[j].key)) {
                (name, merged) = (mine[i].key, Self.mergeSiblings(mine[i].value, vv, [], other.vv))
                i += 1
            } else if i == mine.count || utf8Precedes(theirs[j].key, mine[i].key) {
                (name, merged) = (theirs[j].key, Self.mergeSiblings([], vv, theirs[j].value, other.vv))
                j += 1
            } else {
                (name, merged) = (mine[i].key, Self.mergeSiblings(mine[i].value, vv, theirs[j].value, other.vv))
                i += 1
                j += 1
            }
            if !merged.isEmpty { result.updateValue(merged, forKey: name) }
        }
        var state = RecordState()
        state.vv = vv.merging(other.vv)
        state.fields = result
        return state
    }

    /// Joins two sorted sibling lists under their vectors.
    static func mergeSiblings(_ left: [Sibling], _ leftVV: VersionVector,
                              _ right: [Sibling], _ rightVV: VersionVector) -> [Sibling] {
        var out: [Sibling] = []
        out.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i].dot < right[j].dot) {
                if !rightVV.covers(left[i].dot) { out.append(left[i]) }
                i += 1
            } else if i == left.count || right[j].dot < left[i].dot {
                if !leftVV.covers(right[j].dot) { out.append(right[j]) }
                j += 1
            } else {
                // Same dot on both sides: the same write. Keep one copy; if the copies differ
                // (a reused dot), keep the canonically larger so every replica keeps the same one.
                let a = left[i], b = right[j]
                out.append(a == b || Sibling.canonicallyPrecedes(b, a) ? a : b)
                i += 1
                j += 1
            }
        }
        return out
    }
}
