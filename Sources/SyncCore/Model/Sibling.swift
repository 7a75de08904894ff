/// One concurrent value of a field: the write that produced it and what it wrote.
public struct Sibling: Hashable, Sendable {
    /// The write that produced this value.
    public let dot: Dot
    /// When the write happened, by the author's hybrid logical clock.
    public let timestamp: HLCTimestamp
    /// The role of the node that wrote it (decides priority in the winner).
    public let role: Role
    /// The value written.
    public let value: FieldValue

    /// Makes a sibling.
    public init(dot: Dot, timestamp: HLCTimestamp, role: Role, value: FieldValue) {
        self.dot = dot
        self.timestamp = timestamp
        self.role = role
        self.value = value
    }

    /// A total order over siblings with the same dot, so corrupt duplicates resolve the same way everywhere.
    static func canonicallyPrecedes(_ a: Sibling, _ b: Sibling) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if a.role != b.role { return a.role.rawValue < b.role.rawValue }
        return FieldValue.canonicallyPrecedes(a.value, b.value)
    }
}
