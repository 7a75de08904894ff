import Foundation
import SyncCore
import ZIPFoundation

extension XlsxWorkbook {
    /// The workbook as an .xlsx file (Office Open XML, SpreadsheetML): text as inline strings,
    /// numbers and dates as numbers, formulas without cached values and the workbook marked to be
    /// recalculated on load. Entries carry a fixed time, so the same workbook gives the same bytes.
    public func data() throws -> Data {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes()),
            ("_rels/.rels", Self.rootRelationships),
            ("xl/workbook.xml", workbookXML()),
            ("xl/_rels/workbook.xml.rels", workbookRelationships()),
            ("xl/styles.xml", Self.stylesXML),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.sheetXML(sheet)))
        }
        do {
            let archive = try Archive(accessMode: .create)
            let fixedTime = Date(timeIntervalSince1970: 1_577_836_800)  // 2020-01-01, DOS time has no 1970
            for (path, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedTime,
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw SyncError(.storageFailure, "the zip writer kept no data") }
            return data
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(.storageFailure, "cannot write the workbook: \(error)")
        }
    }

    private static let header = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    private static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    private func contentTypes() -> String {
        var xml = Self.header + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        for index in sheets.indices {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index + 1).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    private static let rootRelationships = header
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    private func workbookXML() -> String {
        var xml = Self.header + #"<workbook xmlns="\#(Self.mainNS)" xmlns:r="\#(Self.relNS)"><workbookPr/>"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            xml += #"<sheet name="\#(OOXMLText.escaped(Self.sheetName(sheet.name)))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + #"</sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>"#
    }

    private func workbookRelationships() -> String {
        var xml = Self.header + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in sheets.indices {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="\#(Self.relNS)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheets.count + 1)" Type="\#(Self.relNS)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// A name Excel accepts for a sheet: at most 31 characters, none of `[ ] : * ? / \`.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    private static func sheetXML(_ sheet: Sheet) -> String {
        let width = sheet.rows.map(\.count).max() ?? 0
        var xml = header + #"<worksheet xmlns="\#(mainNS)" xmlns:r="\#(relNS)">"#
        xml += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        if width > 0, !sheet.rows.isEmpty {
            xml += #"<dimension ref="A1:\#(SheetHandler.reference(width - 1, sheet.rows.count))"/>"#
        }
        xml += #"<sheetViews><sheetView workbookViewId="0">"#
        if sheet.frozenRows > 0 {
            xml += #"<pane ySplit="\#(sheet.frozenRows)" topLeftCell="A\#(sheet.frozenRows + 1)" activePane="bottomLeft" state="frozen"/>"#
            xml += #"<selection pane="bottomLeft" activeCell="A\#(sheet.frozenRows + 1)" sqref="A\#(sheet.frozenRows + 1)"/>"#
        }
        xml += "</sheetView></sheetViews>"
        let widths = sheet.columnWidths ?? fittedWidths(sheet.rows)
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(width)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            if let height = sheet.rowHeights[rowIndex + 1] {
                xml += #"<row r="\#(rowIndex + 1)" ht="\#(height)" customHeight="1">"#
            } else {
                xml += #"<row r="\#(rowIndex + 1)">"#
            }
            for (column, cell) in row.enumerated() {
                xml += cellXML(cell, reference: SheetHandler.reference(column, rowIndex + 1))
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.merges.isEmpty {
            xml += #"<mergeCells count="\#(sheet.merges.count)">"#
            for merge in sheet.merges { xml += #"<mergeCell ref="\#(merge)"/>"# }
            xml += "</mergeCells>"
        }
        // Printed landscape, as wide as the page, as long as it takes.
        xml += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        return xml + #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#
    }

    private static func cellXML(_ cell: Cell, reference: String) -> String {
        switch cell {
        case .empty: return ""
        case .text(let text, let style):
            if text.isEmpty { return #"<c r="\#(reference)" s="\#(style.rawValue)"/>"# }
            return #"<c r="\#(reference)" s="\#(style.rawValue)" t="inlineStr"><is><t xml:space="preserve">\#(OOXMLText.escaped(text))</t></is></c>"#
        case .number(let number, let style):
            return #"<c r="\#(reference)" s="\#(style.rawValue)"><v>\#(SheetHandler.numberText(number) ?? "0")</v></c>"#
        case .date(let date):
            return #"<c r="\#(reference)" s="\#(Style.date.rawValue)"><v>\#(XlsxDate.serial(of: date))</v></c>"#
        case .formula(let formula, let style):
            return #"<c r="\#(reference)" s="\#(style.rawValue)"><f>\#(OOXMLText.escaped(formula))</f></c>"#
        }
    }

    /// The fixed styles, one `<xf>` per `Style` in its order.
    private static let stylesXML: String = {
        let xfs: [(format: Int, font: Int, border: Int, alignment: String)] = [
            (0, 0, 0, ""),                                                          // plain
            (164, 0, 0, ""),                                                        // date
            (49, 0, 0, ""),                                                         // text
            (49, 1, 1, #"<alignment horizontal="center" vertical="center" wrapText="1"/>"#),  // heading
            (49, 2, 0, #"<alignment horizontal="center"/>"#),                       // title
            (0, 0, 1, ""),                                                          // number
            (165, 0, 1, #"<alignment horizontal="right"/>"#),                       // percent
            (49, 0, 1, #"<alignment vertical="top" wrapText="1"/>"#),               // label
            (0, 1, 1, ""),                                                          // total
            (165, 1, 1, #"<alignment horizontal="right"/>"#),                       // totalPercent
            (49, 1, 1, ""),                                                         // totalLabel
            (49, 3, 0, #"<alignment horizontal="center"/>"#),                       // subtitle
        ]
        var xml = header + #"<styleSheet xmlns="\#(mainNS)">"#
        xml += #"<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>"#
        xml += #"<fonts count="4"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>"#
        xml += #"<font><b/><sz val="14"/><name val="Calibri"/></font><font><i/><sz val="11"/><name val="Calibri"/></font></fonts>"#
        xml += #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        xml += #"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>"#
        xml += #"<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>"#
        xml += #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        xml += #"<cellXfs count="\#(xfs.count)">"#
        for xf in xfs {
            xml += #"<xf numFmtId="\#(xf.format)" fontId="\#(xf.font)" fillId="0" borderId="\#(xf.border)" xfId="0""#
            xml += xf.format != 0 ? #" applyNumberFormat="1""# : ""
            xml += xf.font != 0 ? #" applyFont="1""# : ""
            xml += xf.border != 0 ? #" applyBorder="1""# : ""
            xml += xf.alignment.isEmpty ? "/>" : #" applyAlignment="1">\#(xf.alignment)</xf>"#
        }
        xml += "</cellXfs>"
        xml += #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        return xml + "</styleSheet>"
    }()
}
