import Foundation

/// The type a field's values must have (besides null, which every field accepts).
public enum FieldType: String, Sendable, CaseIterable {
    case bool, integer, decimal, text, date
    case textList = "text_list"

    /// The SQLite column type of the field's typed-table column.
    public var sqlType: String {
        switch self {
        case .bool, .integer: "INTEGER"
        case .decimal: "REAL"
        case .text, .date, .textList: "TEXT"
        }
    }
}

/// One declared field of a collection: its type, limits and who may write it.
public struct FieldSpec: Sendable {
    /// Everything, held once: a spec is copied for each field of each version validated, and
    /// copying one reference costs less than copying three and the rest.
    private let storage: Storage

    /// The field's name, also its column name in the typed table.
    public var name: String { storage.name }
    public var type: FieldType { storage.type }
    /// The role whose value wins a conflict on this field.
    public var owner: Role { storage.owner }
    /// The roles allowed to write this field.
    public var writers: Set<Role> { storage.writers }
    /// `writers` as bits (`1 << roleBit`), for the per-sibling checks.
    private var writerBits: UInt8 { storage.writerBits }
    /// When set, text values must be one of these.
    public var allowedValues: [String]? { storage.allowedValues }
    /// The longest text accepted, in Unicode code points of the NFC form (per element for lists).
    public var maxLength: Int { storage.maxLength }
    /// Whether a live record must have a non-null value.
    public var required: Bool { storage.required }
    /// When set, integer values must lie in this range.
    public var range: ClosedRange<Int64>? { storage.range }

    private final class Storage: Sendable {
        let name: String
        let type: FieldType
        let owner: Role
        let writers: Set<Role>
        let writerBits: UInt8
        let allowedValues: [String]?
        let maxLength: Int
        let required: Bool
        let range: ClosedRange<Int64>?

        init(name: String, type: FieldType, owner: Role, writers: Set<Role>, writerBits: UInt8,
             allowedValues: [String]?, maxLength: Int, required: Bool, range: ClosedRange<Int64>?) {
            self.name = name
            self.type = type
            self.owner = owner
            self.writers = writers
            self.writerBits = writerBits
            self.allowedValues = allowedValues
            self.maxLength = maxLength
            self.required = required
            self.range = range
        }
    }

    public init(_ name: String, _ type: FieldType, owner: Role, writers: Set<Role>,
                allowed: [String]? = nil, maxLength: Int = 1_000, required: Bool = false, range: ClosedRange<Int64>? = nil) {
        storage = Storage(name: name, type: type, owner: owner, writers: writers, writerBits: writers.reduce(0) { $0 | Self.bit($1) },
                          allowedValues: allowed, maxLength: maxLength, required: required, range: range)
    }

    /// Whether `role` may write this field (`writers.contains(role)`, without hashing).
    public func allows(_ role: Role) -> Bool { writerBits & Self.bit(role) != 0 }

    private static func bit(_ role: Role) -> UInt8 {
        switch role {
        case .province: 1
        case .board: 2
        case .reader: 4
        case .admin: 8
        }
    }

    /// Checks `value` against the field's type and limits and returns its canonical form
    /// (NFC text, canonical decimals; a JSON-ish text is turned into a date or decimal where the
    /// field's type asks for one). Throws `wrong_type` naming the field and what was expected.
    /// `refusingNonNFC`: text that is not NFC is refused rather than normalised — for versions
    /// pushed to a hub, whose senders would otherwise keep the other form (§4.4).
    public func validate(_ value: FieldValue, refusingNonNFC: Bool = false) throws -> FieldValue {
        switch (type, value) {
        case (_, .null): return .null
        case (.integer, .integer(let n)):
            if let range, !range.contains(n) {
                throw SyncError(.wrongType, "field '\(name)' must be between \(range.lowerBound) and \(range.upperBound), not \(n)")
            }
            return value
        case (.bool, .bool), (.decimal, .decimal), (.date, .date): return value
        case (.decimal, .integer(let n)): return .decimal(DecimalText(String(n))!)
        case (.decimal, .text(let s)):
            guard let d = DecimalText(s) else { throw mismatch("a decimal such as \"1.5\"", got: "\"\(s.prefix(40))\"") }
            return .decimal(d)
        case (.date, .text(let s)):
            guard let d = CivilDate(iso: s) else { throw mismatch("a date YYYY-MM-DD", got: "\"\(s.prefix(40))\"") }
            return .date(d)
        case (.text, .text(let s)):
            return .text(try checkedText(s, refusingNonNFC: refusingNonNFC))
        case (.textList, .textList(let items)):
            guard items.count <= 1_000 else { throw SyncError(.wrongType, "field '\(name)' holds \(items.count) items; at most 1000 are allowed") }
            return .textList(try items.map { try checkedText($0, refusingNonNFC: refusingNonNFC) })
        default:
            throw mismatch("a value of type \(type.rawValue)", got: "a \(value.typeName)")
        }
    }

    private func checkedText(_ raw: String, refusingNonNFC: Bool) throws -> String {
        var text = raw
        var scan = TextNormalizer.scan(text)
        if !scan.knownNFC {
            text = text.precomposedStringWithCanonicalMapping
            scan = TextNormalizer.scan(text)
            // Swift's `==` on strings is canonical equivalence: compare the bytes.
            if refusingNonNFC && !text.utf8.elementsEqual(raw.utf8) {
                throw SyncError(.wrongType, "field '\(name)' holds text that is not in Unicode NFC (a letter and its combining marks not composed); normalise text to NFC before sending it (protocol.md §4.4)")
            }
        }
        if scan.hasNUL {
            throw SyncError(.wrongType, "field '\(name)' contains a NUL character; remove it")
        }
        let length = scan.codePoints
        if length > maxLength {
            throw SyncError(.wrongType, "field '\(name)' is \(length) code points long; at most \(maxLength) are allowed")
        }
        if let allowed = allowedValues, !allowed.contains(text) {
            throw SyncError(.wrongType, "field '\(name)' cannot be '\(text.prefix(40))'; expected one of: \(allowed.joined(separator: ", "))")
        }
        return text
    }

    private func mismatch(_ expected: String, got: String) -> SyncError {
        SyncError(.wrongType, "field '\(name)' must be \(expected) or null, not \(got)")
    }
}
