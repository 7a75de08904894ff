import Foundation
import SyncCore

/// Turns one CSV row into the field values of a new nomination: Vietnamese words and catalog
/// names become codes, dates `dd/mm/yyyy` become dates. It checks only what the engine cannot
/// (a year that is not a number, a date it cannot read, a row with no province); everything else
/// is left to the engine's own checks when the row is written.
struct NominationRowReader {
    /// A row read: its id (given or new), scope and field values, and its duplicate key parts.
    struct Parsed {
        let id: String
        /// The id the file gives, nil when the row has none (then `id` is a new UUID).
        let givenID: String?
        let scope: String
        let values: [String: FieldValue]
        let nomineeName: String
        let year: Int
        let code: String
    }

    /// Why a row cannot become a write.
    struct Failure: Error {
        /// The id the file gives, if any.
        let id: String?
        let column: String
        let error: SyncError
    }

    let layout: NominationCSVLayout
    let lookup: CSVLookup
    /// The node's only scope, used when a row names none.
    let defaultScope: String?
    let node: String
    let scopes: [String]

    func read(_ row: CSVFile.Row) throws -> Parsed {
        var cells: [NominationColumn: String] = [:]
        for (index, column) in layout.columns where index < row.fields.count {
            let raw = Self.unescaped(row.fields[index])
            let cell = column == .achievements ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if !CSVFile.isBlank(cell) { cells[column] = cell }
        }
        let id = cells[.id] ?? UUID().uuidString.lowercased()
        func fail(_ column: NominationColumn, _ message: String) -> Failure {
            Failure(id: cells[.id], column: layout.header(of: column), error: SyncError(.wrongType, message))
        }

        var values: [String: FieldValue] = ["status": .text("draft")]
        var year: Int64?
        for (column, cell) in cells {
            switch column {
            case .id, .scope: continue
            case .nomineeKind: values[column.field] = .text(NominationVocabulary.code(cell, in: NominationVocabulary.kinds))
            case .status: values[column.field] = .text(NominationVocabulary.code(cell, in: NominationVocabulary.statuses))
            case .boardStatus: values[column.field] = .text(NominationVocabulary.code(cell, in: NominationVocabulary.boardStatuses))
            case .titleCode, .awardFormCode: values[column.field] = .text(lookup.awardCode(cell))
            case .year:
                guard let n = Int64(cell) else {
                    throw fail(.year, "field 'year' must be a whole number such as 2025, not '\(cell.prefix(40))'")
                }
                year = n
                values[column.field] = .integer(n)
            case .decisionDate:
                guard let date = parseVietnameseDate(cell) else {
                    throw fail(.decisionDate, "field 'decision_date' must be a real date written dd/mm/yyyy (or yyyy-mm-dd), not '\(cell.prefix(40))'")
                }
                values[column.field] = .date(date)
            case .nomineeName, .unitID, .campaignID, .achievements, .decisionNumber, .decisionAuthority, .boardReason:
                values[column.field] = .text(cell)
            }
        }

        let scope: String
        if let cell = cells[.scope] {
            scope = lookup.scope(cell)
        } else if let defaultScope {
            scope = defaultScope
        } else {
            throw Failure(id: cells[.id], column: layout.header(of: .scope), error: SyncError(.invalidScope,
                "the row names no province and node \(node) replicates several scopes (\(scopes.joined(separator: ", "))); fill in the \(layout.header(of: .scope)) column"))
        }
        let code = values["title_code"]?.textValue ?? values["award_form_code"]?.textValue ?? ""
        return Parsed(id: id, givenID: cells[.id], scope: scope, values: values, nomineeName: cells[.nomineeName] ?? "",
                      year: year.map { Int(clamping: $0) } ?? 0, code: code)
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
}
