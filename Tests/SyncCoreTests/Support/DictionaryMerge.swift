@testable import SyncCore

/// The merge as releases before the FieldMap wrote it, over `[String: [Sibling]]` dictionaries:
/// kept as the test oracle for `RecordState.merging` (which walks two FieldMaps in name order).
/// Not to be optimised: its value is that it is the old, simple code.
enum DictionaryMerge {
    static func merging(_ a: RecordState, _ b: RecordState) -> RecordState {
        let mine = Dictionary(uniqueKeysWithValues: a.fields.map { ($0.key, $0.value) })
        let theirs = Dictionary(uniqueKeysWithValues: b.fields.map { ($0.key, $0.value) })
        var result: [String: [Sibling]] = [:]
        for (name, siblings) in mine {
            let merged = mergeSiblings(siblings, a.vv, theirs[name] ?? [], b.vv)
            if !merged.isEmpty { result[name] = merged }
        }
        for (name, siblings) in theirs where mine[name] == nil {
            let merged = mergeSiblings([], a.vv, siblings, b.vv)
            if !merged.isEmpty { result[name] = merged }
        }
        var vv = a.vv
        for (node, counter) in b.vv.sortedEntries where vv[node] < counter { vv[node] = counter }
        return RecordState(vv: vv, fields: result)
    }

    static func mergeSiblings(_ left: [Sibling], _ leftVV: VersionVector, _ right: [Sibling], _ rightVV: VersionVector) -> [Sibling] {
        var out: [Sibling] = []
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i].dot < right[j].dot) {
                if !rightVV.covers(left[i].dot) { out.append(left[i]) }
                i += 1
            } else if i == left.count || right[j].dot < left[i].dot {
                if !leftVV.covers(right[j].dot) { out.append(right[j]) }
                j += 1
            } else {
                let x = left[i], y = right[j]
                out.append(x == y || Sibling.canonicallyPrecedes(y, x) ? x : y)
                i += 1
                j += 1
            }
        }
        return out
    }
}
