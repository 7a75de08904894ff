import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync resolve`: settles an open conflict on one field with a new or an existing value.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve an open conflict on one field.",
        usage: """
            tdsync resolve <conflict-id> --db <file> (--take mine|theirs|<node:counter> | --value <text>)
            tdsync resolve --db <file> [--collection <name>] --id <id> --field <field> (--take … | --value …)
            """,
        discussion: """
            Name the conflict by its id, collection/id/field, as the first column of \
            `tdsync conflicts` prints it (the older form --collection C --id ID --field F still \
            works; --collection defaults to nominations).

            --value writes a new value, checked against the field's type (integers and true/false \
            are parsed; dates are YYYY-MM-DD; lists are a JSON array of strings). --take keeps one \
            of the concurrent values: mine (the one this node wrote), theirs (the one written on \
            another node, when there is only one), or NODE:COUNTER (the write with that dot, as \
            listed by `tdsync conflicts`). Resolving _deleted takes true or false.

            Examples:
              tdsync resolve nominations/hn-1/achievements --db hn.db --take mine
              tdsync resolve nominations/hn-1/year --db hn.db --value 2025
              tdsync resolve --db hn.db --id hn-1 --field achievements --take board:7
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: ArgumentHelp("The conflict, collection/id/field, e.g. nominations/hn-1/achievements.", valueName: "conflict-id"))
    var conflictID: String?

    @Option(help: ArgumentHelp("The record's collection (default: nominations), instead of <conflict-id>.", valueName: "name"))
    var collection: String?

    @Option(help: ArgumentHelp("The record's id, instead of <conflict-id>.", valueName: "id"))
    var id: String?

    @Option(help: ArgumentHelp("The field in conflict, instead of <conflict-id>.", valueName: "field"))
    var field: String?

    @Option(help: ArgumentHelp("The value to write.", valueName: "text"))
    var value: String?

    @Option(help: ArgumentHelp("The value to keep: mine, theirs, or the dot of a sibling.", valueName: "mine|theirs|node:counter"))
    var take: String?

    func validate() throws {
        _ = try target()
        switch (value, take) {
        case (nil, nil): throw ValidationError("Give --value TEXT or --take mine|theirs|NODE:COUNTER.")
        case (.some, .some): throw ValidationError("Give only one of --value and --take.")
        default: break
        }
        if let take { _ = try Take.choice(parsing: take) }
    }

    func run() throws {
        let target = try target()
        let spec = try Schema.commendation.requireCollection(target.key.collection).requireField(target.field)
        let opened = try replica.open()
        let chosen: FieldValue
        if let take {
            chosen = try Take.value(try Take.choice(parsing: take), of: target, in: opened)
        } else {
            chosen = try Self.parse(value ?? "", as: spec)
        }
        let version = try opened.resolve(target.key, field: target.field, with: chosen)
        let visible = version.state.fields[target.field]?.first?.value ?? chosen
        Console.line("resolved \(target.key) \(target.field) = \(ValueFormat.quoted(visible))")
    }

    /// The conflict named by <conflict-id> or by --collection/--id/--field.
    private func target() throws -> ConflictID {
        if let conflictID {
            guard collection == nil, id == nil, field == nil else {
                throw ValidationError("Give either <conflict-id> or --collection/--id/--field, not both.")
            }
            return try ConflictID(parsing: conflictID)
        }
        guard let id, let field else {
            throw ValidationError("Name the conflict: <conflict-id> as `tdsync conflicts` prints it (e.g. nominations/hn-1/achievements), or --id ID --field FIELD.")
        }
        return ConflictID(key: RecordKey(collection: collection ?? Nominations.collection, id: id), field: field)
    }

    /// Turns `--value` text into a value of the field's type (`FieldSpec.value(parsing:)`); the
    /// engine checks the rest.
    static func parse(_ text: String, as spec: FieldSpec) throws -> FieldValue {
        do {
            return try spec.value(parsing: text)
        } catch let error as SyncError {
            throw ValidationError("--value: \(error.message).")
        }
    }
}
