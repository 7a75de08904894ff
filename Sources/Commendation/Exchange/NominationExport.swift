import Foundation
import SyncCore

extension Replica {
    /// The live nominations, ordered by id, as a CSV file Excel on Windows opens as it should:
    /// UTF-8 with a byte-order mark, CRLF line ends, one column per `NominationColumn` under its
    /// Vietnamese header. Kinds and statuses are written as Vietnamese words, catalog entries as
    /// codes, dates `dd/mm/yyyy`; where a field has an open conflict, its visible value. A text
    /// Excel would take for a formula (starting with `=`, `+`, `-`, `@`) gets a `'` before it,
    /// which import removes. Importing the file into an empty replica gives the same visible values.
    public func nominationsCSV() throws -> Data {
        let columns = NominationColumn.allCases
        let rows = try records(in: "nominations").map { record in
            let values = visibleValues(of: record.version)
            return columns.map { column in
                CSVFile.escaped(Self.cell(column, of: record.version, values: values))
            }
        }
        return try CSVFile.excelData(header: columns.map(\.header), rows: rows)
    }

    /// One cell of an exported row: empty for null.
    static func cell(_ column: NominationColumn, of version: RecordVersion, values: [String: FieldValue]) -> String {
        switch column {
        case .id: return version.key.id
        case .scope: return version.scope
        default: break
        }
        return CSVVocabulary.cell(values[column.field] ?? .null) { text in
            switch column {
            case .nomineeKind: CSVVocabulary.word(text, in: NominationVocabulary.kinds)
            case .status: CSVVocabulary.word(text, in: NominationVocabulary.statuses)
            case .boardStatus: CSVVocabulary.word(text, in: NominationVocabulary.boardStatuses)
            default: text
            }
        }
    }
}
