import Foundation

/// A value stored in one field sibling.
public enum FieldValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// An exact decimal number in canonical text form (no float rounding).
    case decimal(DecimalText)
    /// Text, NFC-normalised once it has passed schema validation.
    case text(String)
    /// A calendar date without time zone.
    case date(CivilDate)
    case textList([String])

    /// The name of the value's type as used in messages and `protocol.md`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer: "integer"
        case .decimal: "decimal"
        case .text: "text"
        case .date: "date"
        case .textList: "text_list"
        }
    }

    /// Whether this is text made only of white space (or empty).
    public var isBlankText: Bool {
        if case .text(let s) = self { return s.allSatisfy(\.isWhitespace) }
        return false
    }

    /// A rank per case, so values of different types have a fixed order.
    var typeRank: Int {
        switch self {
        case .null: 0
        case .bool: 1
        case .integer: 2
        case .decimal: 3
        case .text: 4
        case .date: 5
        case .textList: 6
        }
    }

    /// A total order over values, used only to break ties deterministically.
    static func canonicallyPrecedes(_ a: FieldValue, _ b: FieldValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.integer(let x), .integer(let y)): return x < y
        case (.decimal(let x), .decimal(let y)): return x.text.utf8.lexicographicallyPrecedes(y.text.utf8)
        case (.text(let x), .text(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        case (.date(let x), .date(let y)): return x < y
        case (.textList(let x), .textList(let y)):
            return x.lexicographicallyPrecedes(y) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        default: return a.typeRank < b.typeRank
        }
    }
}

/// An exact decimal number kept as canonical text: `-?digits(.digits)?`, no leading zeros,
/// no trailing fractional zeros, no `-0`.
public struct DecimalText: Hashable, Sendable, CustomStringConvertible {
    /// The canonical text.
    public let text: String

    /// Parses and canonicalises `raw` (for example `"01.50"` becomes `"1.5"`); nil if it is not a decimal.
    public init?(_ raw: String) {
        var s = Substring(raw)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() }
        let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 30,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fraction.isEmpty { return nil }
        guard fraction.count <= 18, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        while fraction.last == "0" { fraction = fraction.dropLast() }
        var digits = whole.drop { $0 == "0" }
        if digits.isEmpty { digits = "0" }
        let body = fraction.isEmpty ? String(digits) : "\(digits).\(fraction)"
        text = (negative && body != "0") ? "-" + body : body
    }

    /// The nearest binary floating-point value, for typed tables and arithmetic in reports.
    public var doubleValue: Double { Double(text) ?? 0 }
    public var description: String { text }
}

/// A calendar date (year, month, day) in the proleptic Gregorian calendar, written `YYYY-MM-DD`.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Makes a date if it exists (years 1–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil if the text is not a real date in that form.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
