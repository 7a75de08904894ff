/// The identity of a node (a province office, the board, the hub): short lowercase ASCII.
///
/// Rules: 1–32 characters from `a-z`, `0-9`, `-` and `_`, starting with a letter or digit.
/// The id `seed` is reserved for reference data that every replica creates identically.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id's text, already validated.
    public let rawValue: String

    /// The reserved author of seeded reference data (`SeedData`), never a real node.
    public static let seed = NodeID(unchecked: "seed")

    /// The longest id accepted.
    public static let maxLength = 32

    /// Validates `text` and makes a node id, or throws `SyncError.invalidNodeID`.
    public init(_ text: String) throws {
        guard let problem = NodeID.problem(with: text) else {
            self.rawValue = text
            return
        }
        throw SyncError(.invalidNodeID, "node id '\(text.prefix(40))' is invalid: \(problem)")
    }

    /// Wraps text that is known to be valid (constants, values read back from our own store).
    init(unchecked text: String) { self.rawValue = text }

    /// Why `text` is not a valid node id, or nil when it is.
    public static func problem(with text: String) -> String? {
        let bytes = text.utf8
        guard let first = bytes.first else { return "it is empty" }
        if bytes.count > maxLength { return "it is longer than \(maxLength) characters" }
        func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        if !isLowerAlnum(first) { return "it must start with a lowercase letter or a digit" }
        for b in bytes where !(isLowerAlnum(b) || b == 0x2D || b == 0x5F) {
            return "only lowercase ASCII letters, digits, '-' and '_' are allowed"
        }
        return nil
    }

    /// Whether `bytes` are a valid node id (the same rules as `problem(with:)`, without a String).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, bytes.count <= maxLength else { return false }
        func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }
        guard isLowerAlnum(first) else { return false }
        for b in bytes where !(isLowerAlnum(b) || b == 0x2D || b == 0x5F) { return false }
        return true
    }

    public var description: String { rawValue }
    public static func < (a: NodeID, b: NodeID) -> Bool { a.rawValue.utf8.lexicographicallyPrecedes(b.rawValue.utf8) }
}
