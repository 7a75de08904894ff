import ArgumentParser
import SyncCore

/// The id of an open conflict, `collection/id/field` (e.g. `nominations/hn-1/achievements`):
/// printed by `tdsync conflicts` and `show`, taken by `tdsync resolve`.
/// Record ids, collection and field names never contain '/', so the three parts split unambiguously.
struct ConflictID: CustomStringConvertible {
    let key: RecordKey
    let field: String

    init(key: RecordKey, field: String) {
        self.key = key
        self.field = field
    }

    /// Parses `collection/id/field`, or throws a usage error showing the form.
    init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("<conflict-id> must be collection/id/field as `tdsync conflicts` prints it, e.g. nominations/hn-1/achievements, not '\(text.prefix(80))'.")
        }
        self.init(key: RecordKey(collection: String(parts[0]), id: String(parts[1])), field: String(parts[2]))
    }

    var description: String { "\(key.collection)/\(key.id)/\(field)" }
}
