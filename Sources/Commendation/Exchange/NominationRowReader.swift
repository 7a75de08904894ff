import Foundation
import SyncCore

/// Turns one CSV row into the field values of a new nomination: Vietnamese words and catalog
/// names become codes, dates `dd/mm/yyyy` become dates. It checks only what the engine cannot
/// (a year that is not a number, a date it cannot read, a row with no province); everything else
/// is left to the engine's own checks when the row is written.
struct NominationRowReader {
    let layout: CSVLayout<NominationColumn>
    let context: ImportContext

    func read(_ row: SheetRow) throws -> ImportRow {
        let cells = layout.cells(of: row, untrimmed: [.achievements])
        let id = cells[.id] ?? UUID().uuidString.lowercased()
        func fail(_ column: NominationColumn, _ message: String) -> ImportFailure {
            ImportFailure(id: cells[.id], column: layout.header(of: column), error: SyncError(.wrongType, message))
        }

        var values: [String: FieldValue] = ["status": .text("draft")]
        var year: Int64?
        for (column, cell) in cells {
            switch column {
            case .id, .scope: continue
            case .nomineeKind: values[column.field] = .text(CSVVocabulary.code(cell, in: NominationVocabulary.kinds))
            case .status: values[column.field] = .text(CSVVocabulary.code(cell, in: NominationVocabulary.statuses))
            case .boardStatus: values[column.field] = .text(CSVVocabulary.code(cell, in: NominationVocabulary.boardStatuses))
            case .titleCode, .awardFormCode: values[column.field] = .text(context.lookup.awardCode(cell))
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

        let scope = try context.scope(cells[.scope], header: layout.header(of: .scope), id: cells[.id])
        let code = values["title_code"]?.textValue ?? values["award_form_code"]?.textValue ?? ""
        return ImportRow(id: id, givenID: cells[.id], scope: scope, values: values,
                         duplicateKey: Self.duplicateKey(name: cells[.nomineeName] ?? "", year: year.map { Int(clamping: $0) } ?? 0,
                                                         code: code, scope: scope))
    }

    /// Nominations with equal keys — the nominee (folded), year, title or award code and province — are duplicates.
    static func duplicateKey(name: String, year: Int, code: String, scope: String) -> String {
        "\(TextNormalizer.folded(name))\u{1F}\(year)\u{1F}\(code.uppercased())\u{1F}\(scope)"
    }
}
