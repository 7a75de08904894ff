import Foundation
import SyncCore

/// How field values, dots and clock readings read in text output.
enum ValueFormat {
    /// A value as a person reads it: text as is (NFC), null as "-", lists joined with "; ".
    static func plain(_ value: FieldValue) -> String {
        switch value {
        case .null: "-"
        case .bool(let b): b ? "true" : "false"
        case .integer(let n): String(n)
        case .decimal(let d): d.text
        case .text(let s): TextNormalizer.nfc(s)
        case .date(let d): d.description
        case .textList(let items): items.map(TextNormalizer.nfc).joined(separator: "; ")
        }
    }

    /// A value with text quoted, so "" and null and "-" can be told apart (used for siblings).
    static func quoted(_ value: FieldValue) -> String {
        switch value {
        case .text(let s): "\"\(TextNormalizer.nfc(s))\""
        case .textList(let items): "[" + items.map { "\"\(TextNormalizer.nfc($0))\"" }.joined(separator: ", ") + "]"
        case .null: "null"
        default: plain(value)
        }
    }

    /// A hybrid clock reading as UTC time with milliseconds, plus the logical part when non-zero.
    static func time(_ timestamp: HLCTimestamp) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let text = formatter.string(from: Date(timeIntervalSince1970: Double(timestamp.physical) / 1000))
        return timestamp.logical == 0 ? text : "\(text)+\(timestamp.logical)"
    }
}

/// One sibling of a field in JSON output.
struct SiblingJSON: Encodable {
    let dot: String
    let node: String
    let counter: UInt64
    let role: String
    /// The hybrid clock reading as `[milliseconds, logical]`.
    let ts: HLCTimestamp
    /// The same reading as UTC time.
    let time: String
    let value: FieldValue

    init(_ sibling: Sibling) {
        dot = sibling.dot.description
        node = sibling.dot.node.rawValue
        counter = sibling.dot.counter
        role = sibling.role.rawValue
        ts = sibling.timestamp
        time = ValueFormat.time(sibling.timestamp)
        value = sibling.value
    }
}

/// A record in JSON output: its visible values, the fields in conflict, and (for `show`) details.
struct RecordJSON: Encodable {
    let id: String
    let scope: String
    let values: [String: FieldValue]
    let conflicts: [String]
    let deleted: Bool
    /// The version vector, node → counter (only in `show`).
    let vv: VersionVector?
    /// Every sibling of each field in conflict (only in `show`).
    let siblings: [String: [SiblingJSON]]?

    init(_ version: RecordVersion, replica: Replica, detailed: Bool = false) {
        id = version.key.id
        scope = version.scope
        values = replica.visibleValues(of: version)
        conflicts = version.state.conflictingFields
        deleted = version.state.isDeleted
        vv = detailed ? version.state.vv : nil
        siblings = detailed ? Dictionary(uniqueKeysWithValues: conflicts.map { field in
            (field, (version.state.fields[field] ?? []).map(SiblingJSON.init))
        }) : nil
    }
}
