/// The deterministic choice of the value readers see while a field is in conflict.
///
/// Order: a sibling written by the field's owner role first, then the later hybrid-clock timestamp,
/// then the larger node id, then the larger counter. For `_deleted`, any sibling that says
/// `false` wins: a record edited concurrently with its deletion stays alive.
public enum Winner {
    /// The sibling readers see, or nil for an empty list.
    public static func pick(_ siblings: [Sibling], owner: Role?) -> Sibling? {
        pickIndex(siblings, owner: owner).map { siblings[$0] }
    }

    /// The position in `siblings` of the one `pick` returns, found without copying any sibling.
    static func pickIndex(_ siblings: [Sibling], owner: Role?) -> Int? {
        guard !siblings.isEmpty else { return nil }
        var best = 0
        for i in siblings.indices.dropFirst() where ranks(siblings[i], above: siblings[best], owner: owner) {
            best = i
        }
        return best
    }

    /// The visible value of `_deleted`: true only when every sibling says true.
    public static func deletion(_ siblings: [Sibling]) -> Sibling? {
        siblings.first { $0.value != .bool(true) } ?? siblings.last
    }

    /// Whether `a` ranks above `b` for a field owned by `owner`.
    public static func ranks(_ a: Sibling, above b: Sibling, owner: Role?) -> Bool {
        let aOwns = a.role == owner, bOwns = b.role == owner
        if aOwns != bOwns { return aOwns }
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.dot.node != b.dot.node { return a.dot.node > b.dot.node }
        return a.dot.counter > b.dot.counter
    }
}
