import Foundation
import SyncCore

/// A column of a CSV file a replica imports and exports: one per field of a collection, plus the
/// record's scope (and id, for some). An importer declares its columns and nothing else about
/// reading headers: they are matched without regard to case, Vietnamese marks (đ as d), spaces
/// or underscores, so "Họ và tên", "HO VA TEN" and "họ và tên" all name the same column.
public protocol CSVColumn: RawRepresentable<String>, CaseIterable, Hashable, Sendable where AllCases == [Self] {
    /// The Vietnamese header written on export.
    var header: String { get }
    /// Other headers offices use for the column, accepted on import.
    var otherHeaders: [String] { get }
}

extension CSVColumn {
    /// The field the column fills: its raw value.
    public var field: String { rawValue }

    /// Every header accepted on import: the export header, other names offices use, the field name.
    public var acceptedHeaders: [String] { [header] + otherHeaders + [rawValue] }

    /// The column a header names, or nil when it names none.
    public init?(header: String) {
        let key = CSVVocabulary.key(header)
        guard let column = Self.allCases.first(where: { $0.acceptedHeaders.contains { CSVVocabulary.key($0) == key } }) else { return nil }
        self = column
    }
}

/// Words and headers as a CSV file writes them, compared folded.
enum CSVVocabulary {
    /// A header or a word as compared: folded (lower case, no marks, đ as d), without spaces or underscores.
    static func key(_ text: String) -> String {
        TextNormalizer.folded(text).filter { !$0.isWhitespace && $0 != "_" }
    }

    /// The code a cell names (a code or one of its words, folded), or the cell as written, for the
    /// schema to refuse with its list of allowed values.
    static func code(_ cell: String, in table: [(code: String, words: [String])]) -> String {
        let key = key(cell)
        for entry in table where Self.key(entry.code) == key || entry.words.contains(where: { Self.key($0) == key }) {
            return entry.code
        }
        return cell
    }

    /// A value as export writes it in a cell: empty for null, dates `dd/mm/yyyy`, list items
    /// joined by "; ", texts through `text` and booleans through `bool`.
    static func cell(_ value: FieldValue, text: (String) -> String = { $0 }, bool: (Bool) -> String = { $0 ? "true" : "false" }) -> String {
        switch value {
        case .null: ""
        case .text(let value): text(value)
        case .integer(let n): String(n)
        case .bool(let b): bool(b)
        case .textList(let items): items.joined(separator: "; ")
        case .date(let date): formatVietnameseDate(date)
        case .decimal(let d): d.text
        }
    }

    /// The word export writes for `code` (its first word), or the code when it has none.
    static func word(_ code: String, in table: [(code: String, words: [String])]) -> String {
        table.first { $0.code == code }?.words.first ?? code
    }
}

/// Which column of a file holds which field, found from its header row.
struct CSVLayout<Column: CSVColumn> {
    /// Column index → the field it holds.
    let columns: [Int: Column]
    /// Field → its header as the file writes it.
    let headers: [Column: String]
    /// One warning per column that names no field.
    let warnings: [String]

    /// Reads `header`; `records` names what the file holds, for the warnings ("nomination").
    /// Throws `bad_request` when two columns name the same field.
    init(header: [String], records: String) throws {
        var columns: [Int: Column] = [:], headers: [Column: String] = [:], warnings: [String] = []
        for (index, text) in header.enumerated() {
            let title = text.trimmingCharacters(in: .whitespaces)
            if title.isEmpty { continue }
            guard let column = Column(header: title) else {
                warnings.append("column \(index + 1) \"\(title.prefix(60))\" names no \(records) field; it is ignored")
                continue
            }
            if let earlier = headers[column] {
                throw SyncError(.badRequest, "columns \"\(earlier)\" and \"\(title)\" both hold \(column.field); keep one of them")
            }
            columns[index] = column
            headers[column] = title
        }
        self.columns = columns
        self.headers = headers
        self.warnings = warnings
    }

    /// The header to show for `column`: the file's, or the export header when the file has none.
    func header(of column: Column) -> String { headers[column] ?? column.header }

    /// The row's non-blank cells by column, a `'` that export put before a formula start taken
    /// off, spaces and line breaks around them trimmed except in `untrimmed` columns.
    func cells(of row: SheetRow, untrimmed: Set<Column> = []) -> [Column: String] {
        var cells: [Column: String] = [:]
        for (index, column) in columns where index < row.fields.count {
            let raw = CSVFile.unescaped(row.fields[index])
            let cell = untrimmed.contains(column) ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if !CSVFile.isBlank(cell) { cells[column] = cell }
        }
        return cells
    }

    /// The header of the column an engine error is about: `idHeader` for the record id, `scope`'s
    /// for the scope, else the field its message names first.
    func column(blamedBy error: SyncError, idHeader: String, scope: Column) -> String? {
        switch error.code {
        case .invalidRecordID, .alreadyExists: return idHeader
        case .invalidScope, .scopeViolation, .scopeMismatch: return header(of: scope)
        default: break
        }
        let named = Column.allCases.compactMap { column -> (String.Index, Column)? in
            guard let range = error.message.range(of: "'\(column.field)'") else { return nil }
            return (range.lowerBound, column)
        }
        return named.min { $0.0 < $1.0 }.map { header(of: $0.1) }
    }
}
