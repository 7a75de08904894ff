import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// A collection the record commands (`add`, `list`, `show`, `edit`, `delete`) work on.
protocol RecordCollection {
    /// The collection's name in the schema, e.g. `nominations`.
    static var collection: String { get }
    /// What one record is called in messages, e.g. `nomination`.
    static var noun: String { get }
}

extension RecordCollection {
    /// The collection's spec in the schema this build speaks.
    static var spec: CollectionSpec {
        get throws { try Schema.commendation.requireCollection(collection) }
    }

    /// The key of record `id`.
    static func key(_ id: String) -> RecordKey {
        RecordKey(collection: collection, id: id)
    }

    /// The record `id` as stored (live or deleted), or a `not_found` error.
    static func load(_ id: String, from replica: Replica) throws -> RecordVersion {
        guard let stored = try replica.record(key(id)) else {
            throw SyncError(.notFound, "there is no \(noun) '\(id.prefix(70))' in \(replica.path)")
        }
        return stored.version
    }

    /// Creates the record --id (a new lowercase UUID by default) in --scope (the node's only scope
    /// by default) and prints its id, or the record as JSON with --json.
    /// Creates the record (and, in the same transaction, the writes `along` gives for its id and
    /// scope) and prints its id or JSON.
    @discardableResult
    static func create(_ values: [String: FieldValue], options: NewRecordOptions, in replica: Replica,
                       along: (_ id: String, _ scope: String) -> [LocalWrite] = { _, _ in [] }) throws -> String {
        let scope = try options.scope ?? RecordWrites.defaultScope(of: replica)
        let recordID = options.id ?? UUID().uuidString.lowercased()
        let written = try replica.write([LocalWrite(key: key(recordID), operation: .create(scope: scope), values: values)] + along(recordID, scope))
        let version = written[0]
        if options.json {
            try Console.json(RecordJSON(version, replica: replica))
        } else {
            Console.line(recordID)
        }
        return recordID
    }

    /// Sets `values` and clears the fields named in `clear`, then prints what changed.
    static func update(_ id: String, set values: [String: FieldValue], clear: [String] = [], in replica: Replica) throws {
        var values = values
        for name in clear { values[name] = .null }
        try replica.write(LocalWrite(key: key(id), operation: .update, values: values))
        Console.line("updated \(id): \(values.keys.sorted().joined(separator: ", "))")
    }

    /// Marks record `id` deleted and says so.
    static func delete(_ id: String, in replica: Replica) throws {
        try replica.write(LocalWrite(key: key(id), operation: .delete))
        Console.line("deleted \(id)")
    }

    /// Checks the `--clear` fields of an edit: each must be a field of the collection and not also
    /// set by another option, and the edit must change something.
    static func validateEdit(setting set: [String: FieldValue], clear: [String]) throws {
        let fields = try spec.fields.map(\.name)
        for name in clear {
            guard fields.contains(name) else {
                throw ValidationError("--clear: \(collection) have no field '\(name.prefix(60))'; fields are: \(fields.joined(separator: ", ")).")
            }
            if set[name] != nil {
                throw ValidationError("--clear \(name) contradicts the option that sets \(name); give one or the other.")
            }
        }
        if set.isEmpty && clear.isEmpty {
            throw ValidationError("Nothing to change: give at least one field option or --clear FIELD.")
        }
    }
}

/// Checks shared by the commands that write records.
enum RecordWrites {
    /// The node's only scope, or a usage error asking for --scope.
    static func defaultScope(of replica: Replica) throws -> String {
        let scopes = try replica.nodeState().scopes
        guard scopes.count == 1, let only = scopes.first else {
            throw ValidationError("--scope is required: node \(replica.node) replicates scopes \(scopes.joined(separator: ", ")).")
        }
        return only
    }

    /// The date given to `flag`, or a usage error naming the flag when it is not a real YYYY-MM-DD date.
    @discardableResult
    static func date(_ text: String?, flag: String) throws -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(iso: text) else {
            throw ValidationError("\(flag) must be a real date written YYYY-MM-DD, not '\(text.prefix(40))'.")
        }
        return date
    }

    /// A usage error naming `flag` when `text` is given but empty or only spaces.
    static func nonEmpty(_ text: String?, flag: String) throws {
        if let text, text.allSatisfy(\.isWhitespace) { throw ValidationError("\(flag) must not be empty.") }
    }
}
