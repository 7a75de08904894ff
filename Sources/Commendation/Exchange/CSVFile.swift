import CSV
import Foundation
import SyncCore

/// A CSV file as Excel writes and reads it: UTF-8 with or without a byte-order mark, CRLF or LF
/// line ends, fields quoted when they hold a delimiter, a quote or a line break. Parsing and
/// writing are CSV.swift's; this type adds what Excel needs around it (the BOM, the delimiter of
/// the office's locale, the row numbers Excel shows).
public struct CSVFile: RowSource, Sendable, Equatable {
    /// One record of the file below the header, numbered as Excel numbers its rows (the header
    /// is row 1, so the first record is row 2; a quoted field with a line break inside stays one row).
    public typealias Row = SheetRow

    /// The header's fields, as written.
    public let header: [String]
    /// The records below the header, blank ones (every field empty or spaces) left out.
    public let rows: [Row]
    /// The delimiter the file uses: `,`, or `;` where Excel's list separator is a semicolon
    /// (Windows set to Vietnamese, among others).
    public let delimiter: Unicode.Scalar

    /// The UTF-8 byte-order mark Excel puts first in a "CSV UTF-8" file.
    public static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Parses `data`. Throws `bad_request` when it is not UTF-8 text (a UTF-16 file, or one saved
    /// in a legacy code page) or has no header row.
    public init(parsing data: Data) throws {
        var bytes = data[...]
        if bytes.starts(with: Self.utf8BOM) { bytes = bytes.dropFirst(Self.utf8BOM.count) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw SyncError(.badRequest, "the file is UTF-16 text; in Excel save it as \"CSV UTF-8 (Comma delimited)\"")
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw SyncError(.badRequest, "the file is not UTF-8 text; in Excel save it as \"CSV UTF-8 (Comma delimited)\"")
        }
        let delimiter = Self.guessDelimiter(text)
        // CSV.swift itself skips a BOM only when reading a stream; the text here has none left.
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter)
        guard let header = reader.next(), header.contains(where: { !Self.isBlank($0) }) else {
            throw SyncError(.badRequest, "the file has no header row; its first row must name the columns")
        }
        var rows: [Row] = []
        var number = 1
        while let fields = reader.next() {
            number += 1
            if fields.allSatisfy(Self.isBlank) { continue }
            rows.append(Row(number: number, fields: fields))
        }
        if let error = reader.error {
            throw SyncError(.badRequest, "the file cannot be read as CSV after row \(number): \(error)")
        }
        self.header = header
        self.rows = rows
        self.delimiter = delimiter
    }

    /// The file Excel on Windows opens as it should: a UTF-8 byte-order mark, then the header and
    /// the rows, comma-separated, each line ended with CRLF.
    public static func excelData(header: [String], rows: [[String]]) throws -> Data {
        Data(utf8BOM) + (try encoded([header] + rows, newline: .crlf))
    }

    /// Rows as CSV text: comma-separated, LF line ends, fields quoted where RFC 4180 needs it
    /// (a comma, a quote or a line break), no byte-order mark; each row ends with a line end.
    public static func text(_ rows: [[String]]) throws -> String {
        String(decoding: try encoded(rows, newline: .lf), as: UTF8.self)
    }

    /// The rows written by CSV.swift, each ended with `newline`.
    private static func encoded(_ rows: [[String]], newline: CSVWriter.Newline) throws -> Data {
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream, delimiter: ",", newline: newline)
        for row in rows { try writer.write(row: row) }
        stream.close()
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw SyncError(.storageFailure, "the CSV writer produced no data")
        }
        // CSV.swift writes no line end after the last row; Excel expects one.
        return rows.isEmpty ? body : body + Data((newline == .crlf ? "\r\n" : "\n").utf8)
    }

    /// Characters that make Excel read a cell as a formula: export puts a `'` before a text that
    /// starts with one of them (or with `'`), so Excel shows it as text; import takes it off again.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "'"]

    /// `text` with a leading `'` removed when export added it (`'` then a formula start).
    static func unescaped(_ text: String) -> String {
        guard text.first == "'", let second = text.dropFirst().first, formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }

    /// `text` with a `'` before it when Excel would otherwise take it for a formula.
    static func escaped(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// Whether a field is empty once spaces are ignored.
    static func isBlank(_ field: String) -> Bool { field.allSatisfy(\.isWhitespace) }

    /// `;` when the first line holds more semicolons than commas outside quotes, else `,`.
    static func guessDelimiter(_ text: String) -> Unicode.Scalar {
        var commas = 0, semicolons = 0, quoted = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted.toggle()
            case "\n", "\r": if !quoted { return semicolons > commas ? ";" : "," }
            case ",": if !quoted { commas += 1 }
            case ";": if !quoted { semicolons += 1 }
            default: break
            }
        }
        return semicolons > commas ? ";" : ","
    }
}

/// Parses a date as Vietnamese offices write it, `dd/mm/yyyy` (also `d/m/yyyy`, with `/`, `-`
/// or `.` between the parts), or ISO `yyyy-mm-dd`; nil unless the text is a real date in one of
/// those forms.
public func parseVietnameseDate(_ text: String) -> CivilDate? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let iso = CivilDate(iso: trimmed) { return iso }
    let parts = trimmed.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "-" || $0 == "." }
    guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
          parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
          let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
    return CivilDate(year: year, month: month, day: day)
}

/// `date` written `dd/mm/yyyy`, as Excel shows a date to a Vietnamese office.
public func formatVietnameseDate(_ date: CivilDate) -> String {
    func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(date.day, 2))/\(pad(date.month, 2))/\(pad(date.year, 4))"
}
