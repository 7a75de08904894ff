import SyncCore

/// Which of a conflict's concurrent values to keep.
public enum ConflictChoice: Sendable, Equatable {
    /// The value this replica's node wrote.
    case mine
    /// The value written on another node, when exactly one is.
    case theirs
    /// The value of the write with this dot.
    case dot(Dot)
}

/// A choice that fits several of a conflict's values: the caller must name one by its dot.
public struct AmbiguousChoice: Error, Sendable, CustomStringConvertible {
    public let choice: ConflictChoice
    /// The values the choice fits, each a candidate to name by its dot.
    public let candidates: [Sibling]
    /// What fits and why it is ambiguous, for a person.
    public let message: String
    public var description: String { message }
}

extension Replica {
    /// The concurrent value of `field` of `key` that `choice` names. Throws `not_found` when no
    /// value fits (or there is no such record), `no_conflict` when the field has a single value,
    /// and `AmbiguousChoice` when several fit.
    public func sibling(_ choice: ConflictChoice, of key: RecordKey, field: String) throws -> Sibling {
        guard let stored = try record(key) else { throw SyncError(.notFound, "there is no record \(key)") }
        let siblings = stored.version.state.fields[field] ?? []
        guard RecordState.isConflict(siblings) else {
            throw SyncError(.noConflict, "\(key) has no open conflict on '\(field)'; use an ordinary edit")
        }
        func listed(_ siblings: [Sibling]) -> String {
            siblings.map { "\($0.dot) \(Self.shortText(of: $0.value))" }.joined(separator: ", ")
        }
        switch choice {
        case .dot(let wanted):
            guard let found = siblings.first(where: { $0.dot == wanted }) else {
                throw SyncError(.notFound, "'\(field)' of \(key) has no value from write \(wanted); its values are \(listed(siblings))")
            }
            return found
        case .mine:
            let mine = siblings.filter { $0.dot.node == node }
            guard !mine.isEmpty else {
                throw SyncError(.notFound, "this node (\(node)) wrote none of the values of '\(field)' of \(key); they are \(listed(siblings)); take theirs or name one by its dot NODE:COUNTER")
            }
            guard mine.count == 1 else {
                throw AmbiguousChoice(choice: choice, candidates: mine, message: "mine is ambiguous: this node (\(node)) wrote several values of '\(field)' of \(key): \(listed(mine)); name one by its dot NODE:COUNTER")
            }
            return mine[0]
        case .theirs:
            let theirs = siblings.filter { $0.dot.node != node }
            guard !theirs.isEmpty else {
                throw SyncError(.notFound, "every value of '\(field)' of \(key) was written by this node (\(node)): \(listed(siblings)); name one by its dot NODE:COUNTER")
            }
            guard theirs.count == 1 else {
                let nodes = Set(theirs.map(\.dot.node)).sorted().map(\.rawValue)
                let whose = nodes.count > 1 ? "other nodes (\(nodes.joined(separator: ", ")))" : "several writes of \(nodes[0])"
                throw AmbiguousChoice(choice: choice, candidates: theirs, message: "theirs is ambiguous: '\(field)' of \(key) holds values from \(whose): \(listed(theirs)); name one by its dot NODE:COUNTER, e.g. \(theirs[0].dot)")
            }
            return theirs[0]
        }
    }

    /// Resolves the open conflict on `field` of `key` by keeping the value `choice` names (see
    /// `sibling(_:of:field:)`): an ordinary write whose dot supersedes every concurrent value.
    @discardableResult
    public func resolve(_ key: RecordKey, field: String, taking choice: ConflictChoice) throws -> RecordVersion {
        try resolve(key, field: field, with: try sibling(choice, of: key, field: field).value)
    }

    /// A value on one line, at most 40 characters, for messages.
    static func shortText(of value: FieldValue) -> String {
        let text: String
        switch value {
        case .text(let s): text = "\"\(s)\""
        case .textList(let items): text = "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .null: text = "null"
        case .bool(let b): text = b ? "true" : "false"
        case .integer(let n): text = String(n)
        case .decimal(let d): text = d.description
        case .date(let d): text = d.description
        }
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}
