import ArgumentParser
import SyncCore

/// Which concurrent value `tdsync resolve --take` keeps.
enum Take {
    /// The value this replica's node wrote.
    case mine
    /// The value written on another node, when exactly one is.
    case theirs
    /// The value of the write with this dot.
    case dot(Dot)

    /// Parses `mine`, `theirs` or `NODE:COUNTER`, or throws a usage error naming --take.
    init(parsing text: String) throws {
        switch text {
        case "mine": self = .mine
        case "theirs": self = .theirs
        default:
            guard let dot = try? Dot(parsing: text) else {
                throw ValidationError("--take must be mine, theirs or a dot NODE:COUNTER such as hn:12, not '\(text.prefix(60))'.")
            }
            self = .dot(dot)
        }
    }

    /// The sibling of the conflicting field this choice names, or an error naming the siblings there are:
    /// `not_found` when none fits, a usage error (exit 64) when several do.
    func sibling(of conflict: ConflictID, in replica: Replica) throws -> Sibling {
        let (key, field) = (conflict.key, conflict.field)
        guard let stored = try replica.record(key) else { throw SyncError(.notFound, "there is no record \(key)") }
        let siblings = stored.version.state.fields[field] ?? []
        guard RecordState.isConflict(siblings) else {
            throw SyncError(.noConflict, "\(key) has no open conflict on '\(field)'; use an ordinary edit")
        }
        func listed(_ siblings: [Sibling]) -> String {
            siblings.map { "\($0.dot) \(ValueFormat.quoted($0.value).singleLine.truncated(toWidth: 40))" }.joined(separator: ", ")
        }
        let me = replica.node
        switch self {
        case .dot(let wanted):
            guard let found = siblings.first(where: { $0.dot == wanted }) else {
                throw SyncError(.notFound, "--take \(wanted): '\(field)' of \(key) has no value from that write; its siblings are \(listed(siblings))")
            }
            return found
        case .mine:
            let mine = siblings.filter { $0.dot.node == me }
            guard !mine.isEmpty else {
                throw SyncError(.notFound, "--take mine: this node (\(me)) wrote none of the values of '\(field)' of \(key); they are \(listed(siblings)); use --take theirs or NODE:COUNTER")
            }
            guard mine.count == 1 else {
                throw ValidationError("--take mine is ambiguous: this node (\(me)) wrote several values of '\(field)' of \(key): \(listed(mine)); give --take NODE:COUNTER")
            }
            return mine[0]
        case .theirs:
            let theirs = siblings.filter { $0.dot.node != me }
            guard !theirs.isEmpty else {
                throw SyncError(.notFound, "--take theirs: every value of '\(field)' of \(key) was written by this node (\(me)): \(listed(siblings)); use --take NODE:COUNTER")
            }
            guard theirs.count == 1 else {
                let nodes = Set(theirs.map(\.dot.node)).sorted().map(\.rawValue)
                let whose = nodes.count > 1 ? "other nodes (\(nodes.joined(separator: ", ")))" : "several writes of \(nodes[0])"
                throw ValidationError("--take theirs is ambiguous: '\(field)' of \(key) holds values from \(whose): \(listed(theirs)); give --take NODE:COUNTER, e.g. --take \(theirs[0].dot)")
            }
            return theirs[0]
        }
    }
}
