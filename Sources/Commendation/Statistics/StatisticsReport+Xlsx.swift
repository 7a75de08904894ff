import Foundation
import SyncCore

extension StatisticsReport {
    /// Form `form` for `year` as an .xlsx workbook of one sheet laid out like the Circular's form:
    /// the form number and the reporting and receiving units at the top, the title and the year,
    /// then each table under two heading rows (column groups over their columns, the others
    /// merged down). Counts are numbers; each totals row, each 0602/0603 "Tổng" (collective +
    /// individual) and share of direct workers are formulas without cached values, which Excel
    /// and LibreOffice compute on opening.
    public func workbook(form: String, year: Int, reportingUnit: String) throws -> Data {
        let tables = try tables(form: form, year: year)
        let width = tables.map(\.header.count).max() ?? 1
        var rows: [[XlsxWorkbook.Cell]] = []
        var merges: [String] = []
        var heights: [Int: Double] = [:]
        func range(_ row: Int, _ first: Int, _ last: Int, down: Int = 0) -> String {
            "\(SheetHandler.reference(first, row)):\(SheetHandler.reference(last, row + down))"
        }
        func line(_ cells: [XlsxWorkbook.Cell]) {
            rows.append(cells + Array(repeating: XlsxWorkbook.Cell.empty, count: max(0, width - cells.count)))
        }
        let right = max(width - 3, 2)
        line([.text("Biểu số \(form).N/BNV-TĐKT")] + Array(repeating: XlsxWorkbook.Cell.empty, count: right - 1) + [.text("Đơn vị báo cáo: \(reportingUnit)")])
        merges += [range(1, 0, right - 1), range(1, right, width - 1)]
        line([.text("Ban hành kèm theo Thông tư số 02/2023/TT-BNV của Bộ trưởng Bộ Nội vụ")] + Array(repeating: XlsxWorkbook.Cell.empty, count: right - 1)
             + [.text("Đơn vị nhận báo cáo: Bộ Nội vụ")])
        merges += [range(2, 0, right - 1), range(2, right, width - 1)]
        line([.text(Self.formTitle(form), .title)])
        merges.append(range(3, 0, width - 1))
        line([.text("Năm \(year)", .subtitle)])
        merges.append(range(4, 0, width - 1))

        for table in tables {
            line([])
            line([.text(table.title, .totalLabel)])
            merges.append(range(rows.count, 0, width - 1))
            // Two heading rows: a label or an ungrouped column merged down, a group over its columns.
            let groupRow = rows.count + 1
            var groups: [XlsxWorkbook.Cell] = [], headings: [XlsxWorkbook.Cell] = []
            var column = 0
            for (title, span) in Self.columnGroups(form: form, table: table) {
                if span == 0 {
                    groups.append(.text(table.header[column], .heading))
                    headings.append(.text("", .heading))
                    merges.append(range(groupRow, column, column, down: 1))
                    column += 1
                } else {
                    groups += [XlsxWorkbook.Cell.text(title, .heading)] + Array(repeating: XlsxWorkbook.Cell.text("", .heading), count: span - 1)
                    headings += table.header[column..<column + span].map { XlsxWorkbook.Cell.text($0, .heading) }
                    merges.append(range(groupRow, column, column + span - 1))
                    column += span
                }
            }
            line(groups)
            line(headings)
            heights[groupRow] = 45
            heights[groupRow + 1] = 30
            let firstData = rows.count + 1
            for (index, cells) in table.rows.enumerated() {
                let excelRow = rows.count + 1
                let isTotal = index == table.rows.count - 1
                line(cells.enumerated().map { column, text -> XlsxWorkbook.Cell in
                    if column < table.labelColumns { return .text(text, isTotal ? .totalLabel : .label) }
                    return Self.numberCell(form: form, table: table, column: column, text: text, row: excelRow,
                                           totals: isTotal && excelRow > firstData ? firstData...(excelRow - 1) : nil)
                })
            }
        }
        let widths = (0..<width).map { column -> Double in
            let texts = tables.flatMap { table in table.rows.compactMap { column < $0.count && column < table.labelColumns ? $0[column] : nil } }
            return Double(min(max((texts.map(\.count).max() ?? 0) + 2, 12), 40))
        }
        let sheet = XlsxWorkbook.Sheet(name: "Biểu \(form)", rows: rows, columnWidths: widths, merges: merges, rowHeights: heights)
        return try XlsxWorkbook(sheets: [sheet]).data()
    }

    /// The form's title as the Circular prints it.
    static func formTitle(_ form: String) -> String {
        switch form {
        case "0601": "SỐ PHONG TRÀO THI ĐUA ĐƯỢC PHÁT ĐỘNG"
        case "0602": "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC"
        default: "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH"
        }
    }

    /// The column groups of a table's heading, left to right: (title, number of columns under
    /// it), 0 for a column of its own (its heading merged down).
    static func columnGroups(form: String, table: StatisticsTable) -> [(String, Int)] {
        let labels = Array(repeating: ("", 0), count: table.labelColumns)
        if form == "0601" {
            return labels + [("Chia theo hình thức phong trào", 3), ("Chia theo thời gian thực hiện", 2), ("", 0)]
        }
        return labels + [("Số được khen thưởng", 2), ("Trong đó: cá nhân trực tiếp lao động", 2), ("", 0)]
    }

    /// A count as a number; in 0602/0603 the share of direct workers (`IF(individuals=0,"-",direct/individuals)`)
    /// and the total (`collective+individual`) as formulas; in a totals row, `SUM` over the rows above.
    static func numberCell(form: String, table: StatisticsTable, column: Int, text: String, row: Int,
                           totals: ClosedRange<Int>?) -> XlsxWorkbook.Cell {
        let first = table.labelColumns
        func ref(_ column: Int) -> String { SheetHandler.reference(column, row) }
        let isShare = form != "0601" && column == first + 3
        if isShare {
            return .formula("IF(\(ref(first + 1))=0,\"-\",\(ref(first + 2))/\(ref(first + 1)))", totals == nil ? .percent : .totalPercent)
        }
        if let totals {
            let letter = String(SheetHandler.reference(column, 1).dropLast())
            return .formula("SUM(\(letter)\(totals.lowerBound):\(letter)\(totals.upperBound))", .total)
        }
        if form != "0601" && column == first + 4 {
            return .formula("\(ref(first))+\(ref(first + 1))", .number)
        }
        return Double(text).map { XlsxWorkbook.Cell.number($0, .number) } ?? .text(text, .label)
    }
}
