import Foundation
import SyncCore

/// One sheet of an .xlsx workbook read as an import reads a CSV file: its header row (extended
/// down by merged header cells) and the non-blank rows below it as text cells, each with the row
/// number Excel shows. Dates (serial numbers in a date style, 1900 or 1904 system) become
/// `dd/mm/yyyy`, numbers their shortest text (2025, not 2025.0), shared and inline strings their
/// text; empty trailing rows and columns are ignored.
public struct XlsxSheet: RowSource {
    /// The sheet's name as the workbook gives it.
    public let name: String
    public let header: [String]
    public let rows: [SheetRow]
    /// The rows the header takes: its first non-blank row, and the rows below that its merged cells cover.
    public let headerRows: ClosedRange<Int>

    /// Reads sheet `sheetName` (nil: the first sheet) of the workbook at `url`, within `limits`.
    /// Throws `bad_request`, having read no more than the limits allow, for a file that is not an
    /// .xlsx workbook, a part past the limits (a zip bomb), XML with a DOCTYPE, a sheet that does
    /// not exist or holds no header row.
    public init(contentsOf url: URL, sheet sheetName: String? = nil, limits: XlsxLimits = XlsxLimits()) throws {
        let archive = try XlsxArchive(url: url, limits: limits)
        let parts = try XlsxParts(archive: archive)
        guard !parts.sheets.isEmpty else { throw SyncError(.badRequest, "the workbook has no sheet") }
        let names = parts.sheets.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let chosen: XlsxParts.Sheet
        if let sheetName {
            guard let found = parts.sheets.first(where: { $0.name == sheetName })
                    ?? parts.sheets.first(where: { CSVVocabulary.key($0.name) == CSVVocabulary.key(sheetName) }) else {
                throw SyncError(.badRequest, "the workbook has no sheet named \"\(sheetName.prefix(40))\"; its sheets are \(names)")
            }
            chosen = found
        } else {
            chosen = parts.sheets[0]
        }
        let styles = try XlsxDateStyles(archive: archive, path: parts.stylesPath)
        let strings = try Self.sharedStrings(archive: archive, path: parts.sharedStringsPath, limits: limits)
        guard let file = try archive.temporaryFile(of: chosen.path) else {
            throw SyncError(.badRequest, "the workbook names sheet \"\(chosen.name)\" but has no part \(chosen.path)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let handler = SheetHandler(strings: strings, styles: styles, date1904: parts.date1904, limits: limits)
        try XMLStream.parse(file: file, part: chosen.path, handler: handler)
        try self.init(name: chosen.name, rows: handler.rows, merges: handler.merges)
    }

    /// The names of the workbook's sheets at `url`, in the workbook's order; throws as `init` does
    /// for a file that is not an .xlsx workbook.
    public static func names(contentsOf url: URL, limits: XlsxLimits = XlsxLimits()) throws -> [String] {
        try XlsxParts(archive: XlsxArchive(url: url, limits: limits)).sheets.map(\.name)
    }

    /// The header and rows from the sheet's non-blank rows and its merged ranges.
    private init(name: String, rows parsed: [SheetHandler.Row], merges: [SheetHandler.Merge]) throws {
        func blank(_ cells: [(column: Int, text: String)]) -> Bool { cells.allSatisfy { CSVFile.isBlank($0.text) } }
        guard let first = parsed.first(where: { !blank($0.cells) }) else {
            throw SyncError(.badRequest, "sheet \"\(name)\" is empty; its first row must name the columns")
        }
        // A header cell merged down (Họ và tên over two rows, beside Khen thưởng over Danh hiệu |
        // Hình thức) makes the header as deep as the merge; each column's header is its lowest text.
        let bottom = min(merges.filter { $0.top == first.number }.map(\.bottom).max() ?? first.number, first.number + 9)
        var headers: [Int: String] = [:]
        for row in parsed where (first.number...bottom).contains(row.number) {
            for cell in row.cells where !CSVFile.isBlank(cell.text) { headers[cell.column] = cell.text }
        }
        let width = (headers.keys.max() ?? -1) + 1
        header = (0..<width).map { headers[$0] ?? "" }
        rows = parsed.compactMap { row -> SheetRow? in
            guard row.number > bottom else { return nil }
            var fields = Array(repeating: "", count: width)
            for cell in row.cells where cell.column < width { fields[cell.column] = cell.text }
            return fields.allSatisfy(CSVFile.isBlank) ? nil : SheetRow(number: row.number, fields: fields)
        }
        headerRows = first.number...bottom
        self.name = name
    }

    /// The shared strings, read as a stream and refused past `maxSharedStrings`.
    private static func sharedStrings(archive: XlsxArchive, path: String?, limits: XlsxLimits) throws -> [String] {
        guard let path, let file = try archive.temporaryFile(of: path) else { return [] }
        defer { try? FileManager.default.removeItem(at: file) }
        let handler = SharedStringsHandler(limit: limits.maxSharedStrings)
        try XMLStream.parse(file: file, part: path, handler: handler)
        return handler.strings
    }
}

/// The shared-strings part: one text per `<si>`, its runs joined, phonetic guides (`<rPh>`) left out.
private final class SharedStringsHandler: XMLPartHandler {
    var strings: [String] = []
    private var current = "", inText = false, phonetic = 0
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func start(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func end(_ name: String) throws {
        switch name {
        case "si":
            strings.append(OOXMLText.unescaped(current))
            if strings.count > limit {
                throw SyncError(.badRequest, "the workbook's shared strings hold more than \(limit) texts, more than tdsync reads; nothing was imported")
            }
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    func text(_ string: String) { if inText { current += string } }
}
