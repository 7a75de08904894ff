import Foundation
import SyncCore

extension Replica {
    /// The live nominations as an .xlsx workbook: the columns, order and words of
    /// `nominationsCSV()`, under a frozen header row, with widths that fit; the year is a number,
    /// the decision date a real date shown dd/mm/yyyy, every other cell text (a code such as
    /// `0123` keeps its zero, and a text starting with `=` stays text, with no `'` added).
    public func nominationsXlsx() throws -> Data {
        try exportSheet(name: "Hồ sơ đề nghị", collection: "nominations", columns: NominationColumn.allCases) { column, version, values in
            Self.typed(values[column.field], text: Self.cell(column, of: version, values: values))
        }
    }

    /// The live `person_years` records as an .xlsx workbook: the columns and words of
    /// `personYearsCSV()`, the year a number, the rest text, under a frozen header row.
    public func personYearsXlsx() throws -> Data {
        try exportSheet(name: "Cán bộ theo năm", collection: "person_years", columns: PersonYearColumn.allCases) { column, version, values in
            Self.typed(values[column.field], text: Self.cell(column, of: version, values: values))
        }
    }

    private func exportSheet<Column: CSVColumn>(name: String, collection: String, columns: [Column],
                                                cell: (Column, RecordVersion, [String: FieldValue]) -> XlsxWorkbook.Cell) throws -> Data {
        var rows: [[XlsxWorkbook.Cell]] = [columns.map { .text($0.header, .heading) }]
        for record in try records(in: collection) {
            let values = visibleValues(of: record.version)
            rows.append(columns.map { cell($0, record.version, values) })
        }
        return try XlsxWorkbook(sheets: [XlsxWorkbook.Sheet(name: name, rows: rows, frozenRows: 1)]).data()
    }

    /// A number for an integer field, a date for a date field, else the CSV export's text.
    private static func typed(_ value: FieldValue?, text: String) -> XlsxWorkbook.Cell {
        switch value {
        case .integer(let n): .number(Double(n))
        case .date(let date): .date(date)
        default: .text(text)
        }
    }
}
