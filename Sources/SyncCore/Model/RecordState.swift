/// The replicated state of one record: its version vector and, per field, the current siblings.
///
/// Invariants (checked by `problems`): every field has at least one sibling, siblings are sorted by
/// dot with no dot twice, and the vector covers every sibling's dot.
public struct RecordState: Hashable, Sendable {
    /// The name of the deletion field that every write re-asserts.
    public static let deletedField = "_deleted"

    /// Every write this state has seen, per node.
    public var vv: VersionVector
    /// Field name → siblings sorted by dot.
    public var fields: FieldMap

    /// Makes a state; siblings are sorted into canonical order.
    public init(vv: VersionVector = VersionVector(), fields: FieldMap = FieldMap()) {
        self.vv = vv
        self.fields = fields
        // Sort in place, and only what is out of order (decoded states arrive sorted).
        self.fields.sortSiblingsByDot()
    }

    /// Makes a state from a dictionary of fields.
    public init(vv: VersionVector = VersionVector(), fields: [String: [Sibling]]) {
        self.init(vv: vv, fields: FieldMap(fields))
    }

    /// Whether the record reads as deleted: every sibling of `_deleted` says true.
    /// A delete concurrent with an edit leaves the record alive.
    public var isDeleted: Bool {
        guard let siblings = fields[Self.deletedField], !siblings.isEmpty else { return false }
        return siblings.allSatisfy { $0.value == .bool(true) }
    }

    /// Fields whose siblings hold more than one distinct value, sorted by name.
    public var conflictingFields: [String] {
        fields.compactMap { name, siblings in Self.isConflict(siblings) ? name : nil }
    }

    /// Whether a field's siblings hold more than one distinct value.
    public static func isConflict(_ siblings: [Sibling]) -> Bool {
        guard let first = siblings.first?.value else { return false }
        return siblings.dropFirst().contains { $0.value != first }
    }

    /// Every dot present in any field.
    public var dots: Set<Dot> {
        var result = Set<Dot>()
        for siblings in fields.values { for s in siblings { result.insert(s.dot) } }
        return result
    }

    /// Whether the invariants hold (the quick check; `problems` says what is wrong).
    public var isWellFormed: Bool {
        for siblings in fields.values {
            guard let first = siblings.first, vv.covers(first.dot) else { return false }
            var previous = first.dot
            for sibling in siblings.dropFirst() {
                // Sorted by node, then counter; one value per node (a node's own writes are ordered).
                guard previous < sibling.dot, previous.node != sibling.dot.node, vv.covers(sibling.dot) else { return false }
                previous = sibling.dot
            }
        }
        return true
    }

    /// What breaks the invariants, or an empty list for a well-formed state.
    public var problems: [String] {
        var found: [String] = []
        for (name, siblings) in fields {
            if siblings.isEmpty { found.append("field '\(name)' has no value") }
            for (a, b) in zip(siblings, siblings.dropFirst()) {
                if !(a.dot < b.dot) {
                    found.append("field '\(name)' lists dot \(b.dot) twice or out of order")
                } else if a.dot.node == b.dot.node {
                    found.append("field '\(name)' holds two values of node \(a.dot.node) (\(a.dot), \(b.dot)); a node's writes to a field replace each other")
                }
            }
            for s in siblings where !vv.covers(s.dot) {
                found.append("field '\(name)' has a value from write \(s.dot) that the version vector \(vv) does not cover")
            }
        }
        return found
    }
}

/// Which record: its collection and id.
public struct RecordKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let collection: String
    public let id: String

    public init(collection: String, id: String) {
        self.collection = collection
        self.id = id
    }

    public var description: String { "\(collection)/\(id)" }
    public static func < (a: RecordKey, b: RecordKey) -> Bool {
        a.collection == b.collection
            ? a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
            : a.collection.utf8.lexicographicallyPrecedes(b.collection.utf8)
    }
}

/// A record as it travels between replicas: which record, its scope, and its whole state.
public struct RecordVersion: Hashable, Sendable {
    public let key: RecordKey
    /// The scope code the record belongs to (a province, say), or `*` for national data. Fixed at creation.
    public let scope: String
    public var state: RecordState

    public init(key: RecordKey, scope: String, state: RecordState) {
        self.key = key
        self.scope = scope
        self.state = state
    }
}
