/// How two version vectors relate causally.
public enum Causality: String, Sendable {
    /// The left side happened before the right side (the right one has seen everything the left has).
    case before
    /// The left side happened after the right side.
    case after
    /// Both sides have seen exactly the same writes.
    case equal
    /// Each side has seen a write the other has not.
    case concurrent
}

/// A map from node to the highest counter of that node's writes that a state has seen.
///
/// Missing entries are zero. Entries are never stored as zero, so equal vectors compare equal.
public struct VersionVector: Hashable, Sendable {
    /// The non-zero entries.
    public private(set) var entries: [NodeID: UInt64]

    /// An empty vector: has seen nothing.
    public init() { entries = [:] }

    /// A vector with the given entries; zero entries are dropped.
    public init(_ entries: [NodeID: UInt64]) {
        self.entries = entries.values.contains(0) ? entries.filter { $0.value > 0 } : entries
    }

    /// The counter for `node`, zero when absent.
    public subscript(node: NodeID) -> UInt64 {
        get { entries[node] ?? 0 }
        set { entries[node] = newValue == 0 ? nil : newValue }
    }

    /// Whether this vector has seen the write `dot`.
    public func covers(_ dot: Dot) -> Bool { self[dot.node] >= dot.counter }

    /// Raises the entry of `dot.node` to at least `dot.counter`.
    public mutating func add(_ dot: Dot) {
        if self[dot.node] < dot.counter { self[dot.node] = dot.counter }
    }

    /// Whether every entry of this vector is at most the same entry of `other`.
    public func isDominated(by other: VersionVector) -> Bool {
        entries.allSatisfy { other[$0.key] >= $0.value }
    }

    /// Compares this vector (left) with `other` (right).
    public func compare(_ other: VersionVector) -> Causality {
        let leftBelow = isDominated(by: other)
        let rightBelow = other.isDominated(by: self)
        switch (leftBelow, rightBelow) {
        case (true, true): return .equal
        case (true, false): return .before
        case (false, true): return .after
        case (false, false): return .concurrent
        }
    }

    /// Sets every entry to the maximum of both vectors.
    public mutating func merge(_ other: VersionVector) {
        for (node, counter) in other.entries where self[node] < counter {
            entries[node] = counter
        }
    }

    /// The pointwise maximum of both vectors.
    public func merging(_ other: VersionVector) -> VersionVector {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// The entries sorted by node id: the canonical order.
    public var sortedEntries: [(node: NodeID, counter: UInt64)] {
        entries.sorted { $0.key < $1.key }.map { (node: $0.key, counter: $0.value) }
    }
}

extension VersionVector: CustomStringConvertible {
    public var description: String {
        "{" + sortedEntries.map { "\($0.node):\($0.counter)" }.joined(separator: ",") + "}"
    }
}
