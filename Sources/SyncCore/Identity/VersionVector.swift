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
/// Kept as a short array sorted by node id: a record's vector names the few nodes that wrote it,
/// so a scan beats hashing node ids, and comparing or merging two vectors is one walk.
public struct VersionVector: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        let node: NodeID
        var counter: UInt64
    }

    /// The non-zero entries, sorted by node id.
    private var sorted: [Entry]

    /// An empty vector: has seen nothing.
    public init() { sorted = [] }

    /// A vector with the given entries; zero entries are dropped.
    public init(_ entries: [NodeID: UInt64]) {
        sorted = entries.compactMap { $0.value > 0 ? Entry(node: $0.key, counter: $0.value) : nil }.sorted { $0.node < $1.node }
    }

    /// A vector from entries already sorted by node id, each node once, every counter above zero.
    init(sortedEntries: [Entry]) { sorted = sortedEntries }

    /// The non-zero entries.
    public var entries: [NodeID: UInt64] {
        Dictionary(uniqueKeysWithValues: sorted.map { ($0.node, $0.counter) })
    }

    /// Calls `body` with every non-zero entry, in node id order.
    public func forEachEntry(_ body: (NodeID, UInt64) throws -> Void) rethrows {
        for entry in sorted { try body(entry.node, entry.counter) }
    }

    /// How many nodes have a non-zero entry.
    public var count: Int { sorted.count }

    /// The node of the entry at `index` in node id order.
    func node(at index: Int) -> NodeID { sorted[index].node }

    private func index(of node: NodeID) -> Int? { sorted.firstIndex { $0.node == node } }

    /// The counter for `node`, zero when absent.
    public subscript(node: NodeID) -> UInt64 {
        get {
            for entry in sorted where entry.node == node { return entry.counter }
            return 0
        }
        set {
            if let i = index(of: node) {
                if newValue == 0 { sorted.remove(at: i) } else { sorted[i].counter = newValue }
            } else if newValue > 0 {
                let at = sorted.firstIndex { node < $0.node } ?? sorted.endIndex
                sorted.insert(Entry(node: node, counter: newValue), at: at)
            }
        }
    }

    /// Whether this vector has seen the write `dot`.
    public func covers(_ dot: Dot) -> Bool { self[dot.node] >= dot.counter }

    /// Raises the entry of `dot.node` to at least `dot.counter`.
    public mutating func add(_ dot: Dot) {
        if self[dot.node] < dot.counter { self[dot.node] = dot.counter }
    }

    /// Whether every entry of this vector is at most the same entry of `other`.
    public func isDominated(by other: VersionVector) -> Bool {
        var j = 0
        for entry in sorted {
            while j < other.sorted.count && other.sorted[j].node < entry.node { j += 1 }
            guard j < other.sorted.count, other.sorted[j].node == entry.node, other.sorted[j].counter >= entry.counter else { return false }
        }
        return true
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
        if other.isDominated(by: self) { return }
        var out: [Entry] = []
        out.reserveCapacity(sorted.count + other.sorted.count)
        var i = 0, j = 0
        while i < sorted.count || j < other.sorted.count {
            if j == other.sorted.count || (i < sorted.count && sorted[i].node < other.sorted[j].node) {
                out.append(sorted[i]); i += 1
            } else if i == sorted.count || other.sorted[j].node < sorted[i].node {
                out.append(other.sorted[j]); j += 1
            } else {
                out.append(Entry(node: sorted[i].node, counter: max(sorted[i].counter, other.sorted[j].counter)))
                i += 1; j += 1
            }
        }
        sorted = out
    }

    /// The pointwise maximum of both vectors.
    public func merging(_ other: VersionVector) -> VersionVector {
        var copy = self
        copy.merge(other)
        return copy
    }

    /// The entries sorted by node id: the canonical order.
    public var sortedEntries: [(node: NodeID, counter: UInt64)] {
        sorted.map { (node: $0.node, counter: $0.counter) }
    }
}

extension VersionVector: CustomStringConvertible {
    public var description: String {
        "{" + sortedEntries.map { "\($0.node):\($0.counter)" }.joined(separator: ",") + "}"
    }
}
