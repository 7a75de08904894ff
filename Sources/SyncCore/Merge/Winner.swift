/// The deterministic choice of the value readers see while a field is in conflict.
///
/// Order: a sibling written by the field's owner role first, then the later hybrid-clock timestamp,
/// then the larger node id, then the larger counter. For `_deleted`, any sibling that says
/// `false` wins: a record edited concurrently with its deletion stays alive.
public enum Winner {
    /// The sibling readers see, or nil for an empty list.
    public static func pick(_ siblings: [Sibling], owner: Role?) -> Sibling? {
        guard var best = siblings.first else { return nil }
        for candidate in siblings.dropFirst() where ranks(candidate, above: best, owner: owner) {
            best = candidate
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
