import Foundation
import SyncCore

/// The events of a worksheet part turned into rows of text cells. Only cells with a value are
/// kept, so a sheet whose rows run to 1,048,576 with nothing in them costs the parse and nothing
/// more; the cells kept are counted against `maxCells`.
final class SheetHandler: XMLPartHandler {
    struct Row { let number: Int; var cells: [(column: Int, text: String)] }
    /// A merged range, rows `top...bottom`.
    struct Merge { let top, bottom: Int }

    private(set) var rows: [Row] = []
    private(set) var merges: [Merge] = []

    private let strings: [String]
    private let styles: XlsxDateStyles
    private let date1904: Bool
    private let limits: XlsxLimits
    private var cellCount = 0

    private var row: Row?
    private var lastRow = 0, lastColumn = -1
    private var cell: (column: Int, type: String, style: Int)?
    private var value = "", inline = ""
    private var inValue = false, inInline = false, inText = false, phonetic = 0

    init(strings: [String], styles: XlsxDateStyles, date1904: Bool, limits: XlsxLimits) {
        self.strings = strings
        self.styles = styles
        self.date1904 = date1904
        self.limits = limits
    }

    func start(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "row":
            let number = try attributes["r"].map { try Self.rowNumber($0) } ?? lastRow + 1
            row = Row(number: number, cells: [])
            lastRow = number
            lastColumn = -1
        case "c":
            let column = try attributes["r"].map { try Self.column(of: $0) } ?? lastColumn + 1
            lastColumn = column
            cell = (column, attributes["t"] ?? "n", attributes["s"].flatMap(Int.init) ?? 0)
            value = ""
            inline = ""
        case "v": inValue = true
        case "is": inInline = true
        case "t": inText = inInline && phonetic == 0
        case "rPh": phonetic += 1
        case "mergeCell":
            guard let ref = attributes["ref"] else { return }
            let ends = ref.split(separator: ":")
            if let top = ends.first, let bottom = ends.last {
                merges.append(Merge(top: try Self.rowNumber(of: String(top)), bottom: try Self.rowNumber(of: String(bottom))))
            }
        default: break
        }
    }

    func end(_ name: String) throws {
        switch name {
        case "row":
            if let row, !row.cells.isEmpty { rows.append(row) }
            row = nil
        case "c":
            if let cell, let text = try cellText(of: cell), !text.isEmpty {
                cellCount += 1
                if cellCount > limits.maxCells {
                    throw SyncError(.badRequest, "the sheet holds more than \(limits.maxCells) cells with a value, more than tdsync imports; split the file")
                }
                row?.cells.append((cell.column, text))
            }
            cell = nil
        case "v": inValue = false
        case "is": inInline = false
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }

    func text(_ string: String) {
        if inValue { value += string } else if inText { inline += string }
    }

    /// A cell's value as text, by its type: a shared or inline string, a formula's text result,
    /// a boolean, an error, an ISO date, or a number — a date when its style shows one.
    private func cellText(of cell: (column: Int, type: String, style: Int)) throws -> String? {
        switch cell.type {
        case "s":
            guard !value.isEmpty else { return nil }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(index) else {
                throw SyncError(.badRequest, "cell \(Self.reference(cell.column, lastRow)) refers to shared string \(value.prefix(12)), which the workbook does not have (it has \(strings.count)); the file is damaged")
            }
            return strings[index]
        case "inlineStr": return OOXMLText.unescaped(inline)
        case "str": return OOXMLText.unescaped(value)
        case "b": return value.isEmpty ? nil : (value == "1" || value.lowercased() == "true" ? "TRUE" : "FALSE")
        case "e": return value
        case "d":
            return CivilDate(iso: String(value.prefix(10))).map(formatVietnameseDate) ?? value
        default:
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { return nil }
            guard let number = Double(trimmed) else { return trimmed }
            if styles.isDate(style: cell.style), let date = XlsxDate.date(serial: number, date1904: date1904) {
                return formatVietnameseDate(date)
            }
            return Self.numberText(number) ?? trimmed
        }
    }

    /// A number as an office would type it: 2025, 0.5, -12.75 (its shortest exact text).
    static func numberText(_ number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    /// The zero-based column of a cell reference (`B7` → 1). Throws past column XFD.
    static func column(of reference: String) throws -> Int {
        var column = 0, letters = 0
        for scalar in reference.unicodeScalars {
            guard let letter = Self.letterValue(scalar) else { break }
            column = column * 26 + letter
            letters += 1
            if letters > 3 || column > XlsxLimits.excelColumns {
                throw SyncError(.badRequest, "cell reference \(reference.prefix(20)) lies beyond column XFD, Excel's last; the file is damaged")
            }
        }
        guard letters > 0 else { throw SyncError(.badRequest, "cell reference \"\(reference.prefix(20))\" names no column; the file is damaged") }
        return column - 1
    }

    /// The row number of a cell reference (`B7` → 7).
    static func rowNumber(of reference: String) throws -> Int {
        try rowNumber(String(reference.drop { Self.letterValue($0.unicodeScalars.first!) != nil }))
    }

    /// A row number, refused outside Excel's 1…1,048,576.
    static func rowNumber(_ text: String) throws -> Int {
        guard let number = Int(text), (1...XlsxLimits.excelRows).contains(number) else {
            throw SyncError(.badRequest, "row number \"\(text.prefix(20))\" lies outside Excel's rows 1 to \(XlsxLimits.excelRows); the file is damaged")
        }
        return number
    }

    /// A cell reference from a zero-based column and a row (1, 7 → `B7`).
    static func reference(_ column: Int, _ row: Int) -> String {
        var letters = "", n = column + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return "\(letters)\(row)"
    }

    private static func letterValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 65...90: Int(scalar.value) - 64
        case 97...122: Int(scalar.value) - 96
        default: nil
        }
    }
}
