/// One write's identity: the node that made it and that node's counter at the time.
///
/// A node numbers all its writes 1, 2, 3, … across all records, so a dot names exactly one write.
public struct Dot: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The node that made the write.
    public let node: NodeID
    /// The node's counter for this write, 1 or more.
    public let counter: UInt64

    /// Makes a dot; the counter must be at least 1.
    public init(node: NodeID, counter: UInt64) {
        precondition(counter > 0, "a dot's counter starts at 1")
        self.node = node
        self.counter = counter
    }

    public var description: String { "\(node.rawValue):\(counter)" }

    public static func < (a: Dot, b: Dot) -> Bool {
        a.node == b.node ? a.counter < b.counter : a.node < b.node
    }
}
