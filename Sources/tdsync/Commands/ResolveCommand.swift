import ArgumentParser
import Foundation
import SyncCore

/// `tdsync resolve`: settles an open conflict on one field with a new or an existing value.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve an open conflict on one field.",
        discussion: """
            --value writes a new value, checked against the field's type (integers and true/false \
            are parsed; dates are YYYY-MM-DD; lists are a JSON array of strings). --take NODE:COUNTER \
            keeps the value of the sibling written by that write, as listed by `tdsync conflicts`.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The record's collection.", valueName: "name"))
    var collection = Nominations.collection

    @Option(help: ArgumentHelp("The record's id.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("The field in conflict.", valueName: "field"))
    var field: String

    @Option(help: ArgumentHelp("The value to write.", valueName: "text"))
    var value: String?

    @Option(help: ArgumentHelp("The dot of the sibling whose value to keep.", valueName: "node:counter"))
    var take: String?

    func validate() throws {
        switch (value, take) {
        case (nil, nil): throw ValidationError("Give --value TEXT or --take NODE:COUNTER.")
        case (.some, .some): throw ValidationError("Give only one of --value and --take.")
        default: break
        }
        if let take { _ = try Self.parseDot(take) }
    }

    func run() throws {
        let spec = try Schema.current.requireCollection(collection).requireField(field)
        let opened = try replica.open()
        let key = RecordKey(collection: collection, id: id)
        let chosen: FieldValue
        if let take {
            chosen = try sibling(take, of: key, in: opened).value
        } else {
            chosen = try Self.parse(value ?? "", as: spec)
        }
        let version = try opened.resolve(key, field: field, with: chosen)
        let visible = version.state.fields[field]?.first?.value ?? chosen
        Console.line("resolved \(key) \(field) = \(ValueFormat.quoted(visible))")
    }

    /// The value of the sibling `dot` of the field, or an error naming the siblings there are.
    private func sibling(_ dot: String, of key: RecordKey, in replica: Replica) throws -> Sibling {
        let wanted = try Self.parseDot(dot)
        guard let stored = try replica.record(key) else { throw SyncError(.notFound, "there is no record \(key)") }
        let siblings = stored.version.state.fields[field] ?? []
        guard RecordState.isConflict(siblings) else {
            throw SyncError(.noConflict, "\(key) has no open conflict on '\(field)'; use an ordinary edit")
        }
        guard let found = siblings.first(where: { $0.dot == wanted }) else {
            throw SyncError(.notFound, "--take \(dot): '\(field)' of \(key) has no value from that write; its siblings are \(siblings.map(\.dot.description).joined(separator: ", "))")
        }
        return found
    }

    /// Parses `node:counter`.
    static func parseDot(_ text: String) throws -> Dot {
        guard let dot = try? Dot(parsing: text) else {
            throw ValidationError("--take must be a dot NODE:COUNTER such as hn:12, not '\(text.prefix(60))'.")
        }
        return dot
    }

    /// Turns `--value` text into a value of the field's type; the engine checks the rest.
    static func parse(_ text: String, as spec: FieldSpec) throws -> FieldValue {
        switch spec.type {
        case .integer:
            guard let n = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--value: field '\(spec.name)' takes a whole number, not '\(text.prefix(40))'.")
            }
            return .integer(n)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw ValidationError("--value: field '\(spec.name)' takes true or false, not '\(text.prefix(40))'.")
            }
        case .textList:
            guard let items = try? WireJSON.decode([String].self, from: Data(text.utf8)) else {
                throw ValidationError("--value: field '\(spec.name)' takes a JSON array of strings such as [\"a\",\"b\"].")
            }
            return .textList(items)
        case .text, .date, .decimal:
            return .text(text)
        }
    }
}
