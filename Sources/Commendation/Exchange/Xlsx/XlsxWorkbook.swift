import Foundation
import SyncCore

/// A workbook tdsync writes: sheets of typed cells (text, numbers, dates, formulas) with a small
/// fixed set of styles, frozen header rows, column widths and merged ranges. `data()` gives the
/// .xlsx file, the same bytes for the same workbook.
public struct XlsxWorkbook: Sendable {
    /// How a cell looks: one of the workbook's fixed styles.
    public enum Style: Int, Sendable {
        case plain = 0
        /// A date shown dd/mm/yyyy.
        case date
        /// Text in the Text number format (@), so Excel keeps `0123` as typed when it is edited.
        case text
        /// A bold, wrapped, centred heading with a border.
        case heading
        /// A bold title, larger, centred.
        case title
        /// A number with a border.
        case number
        /// A share shown 0.0% with a border.
        case percent
        /// A label in a table, with a border.
        case label
        /// A bold total with a border.
        case total
        /// A bold share in a totals row.
        case totalPercent
        /// A bold label in a totals row.
        case totalLabel
        /// Centred italic text (the year under a title).
        case subtitle
    }

    /// One cell.
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String, Style = .text)
        case number(Double, Style = .plain)
        case date(CivilDate)
        /// A formula without a cached value, so Excel and LibreOffice compute it on opening.
        case formula(String, Style = .number)
    }

    /// One sheet: rows of cells from A1, the number of header rows to freeze, column widths in
    /// characters (computed from the cells when nil), merged ranges such as `A1:G1`, and the
    /// heights in points of rows that need more than one line (by 1-based row number).
    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        public var frozenRows: Int
        public var columnWidths: [Double]?
        public var merges: [String]
        public var rowHeights: [Int: Double]

        public init(name: String, rows: [[Cell]], frozenRows: Int = 0, columnWidths: [Double]? = nil, merges: [String] = [],
                    rowHeights: [Int: Double] = [:]) {
            self.name = name
            self.rows = rows
            self.frozenRows = frozenRows
            self.columnWidths = columnWidths
            self.merges = merges
            self.rowHeights = rowHeights
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// Widths that fit each column's longest text (a date or number counts as its shown text),
    /// between 6 and 60 characters.
    static func fittedWidths(_ rows: [[Cell]]) -> [Double] {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                let length: Int
                switch cell {
                case .empty, .formula: length = 0
                case .text(let text, _): length = text.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let n, _): length = (SheetHandler.numberText(n) ?? "").count
                case .date: length = 10
                }
                if index >= widths.count { widths += Array(repeating: 0, count: index + 1 - widths.count) }
                widths[index] = max(widths[index], length)
            }
        }
        return widths.map { Double(min(max($0 + 2, 6), 60)) }
    }
}
