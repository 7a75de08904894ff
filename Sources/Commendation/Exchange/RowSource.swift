/// One record of a spreadsheet below its header: its text cells, numbered as the spreadsheet
/// numbers its rows.
public struct SheetRow: Sendable, Equatable {
    /// The row number Excel shows (the header is row 1 in a CSV file; in a workbook, the row's own number).
    public let number: Int
    /// The cells as text, in column order (possibly fewer or more than the header has).
    public let fields: [String]

    public init(number: Int, fields: [String]) {
        self.number = number
        self.fields = fields
    }
}

/// What an import reads, whatever the file: a header row naming the columns and the non-blank
/// records below it as text cells. A CSV file (`CSVFile`) and a workbook's sheet (`XlsxSheet`)
/// are both row sources, so the importers read them by the same header rules and report rows
/// by the same numbers.
public protocol RowSource: Sendable {
    /// The header's cells, as written.
    var header: [String] { get }
    /// The records below the header, blank ones left out.
    var rows: [SheetRow] { get }
}
