import Foundation
import SyncCore

/// The parts of a workbook that say where its sheets are and how to read their cells: the
/// workbook (sheet names, the 1900 or 1904 date system), relationships, styles (which cells are
/// dates), shared strings.
struct XlsxParts {
    struct Sheet { let name: String; let path: String }

    let sheets: [Sheet]
    let date1904: Bool
    let sharedStringsPath: String?
    let stylesPath: String?

    init(archive: XlsxArchive) throws {
        let rootRels = try Relationships(archive: archive, relsOf: "")
        let workbookPath = rootRels.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        guard let workbookData = try archive.data(of: workbookPath) else {
            throw SyncError(.badRequest, "the file is a zip container but not an .xlsx workbook: it has no \(workbookPath)")
        }
        let workbook = WorkbookHandler()
        try XMLStream.parse(data: workbookData, part: workbookPath, handler: workbook)
        let rels = try Relationships(archive: archive, relsOf: workbookPath)
        let targets = Dictionary(rels.map { ($0.id, $0.target) }, uniquingKeysWith: { first, _ in first })
        sheets = try workbook.sheets.map { sheet in
            guard let path = targets[sheet.relationship] else {
                throw SyncError(.badRequest, "the workbook names sheet \"\(sheet.name)\" but does not say which part holds it")
            }
            return Sheet(name: sheet.name, path: path)
        }
        date1904 = workbook.date1904
        sharedStringsPath = rels.first { $0.type.hasSuffix("/sharedStrings") }?.target
        stylesPath = rels.first { $0.type.hasSuffix("/styles") }?.target
    }
}

/// One part's relationships (`_rels/NAME.rels`), targets resolved to paths in the archive.
struct Relationships: Sequence {
    struct Relationship { let id, type, target: String }
    private let items: [Relationship]

    /// The relationships of the part at `path` ("" for the package's own).
    init(archive: XlsxArchive, relsOf path: String) throws {
        let folder = path.split(separator: "/").dropLast().joined(separator: "/")
        let file = path.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/\(file).rels"
        guard let data = try archive.data(of: relsPath) else { items = []; return }
        let handler = RelationshipsHandler()
        try XMLStream.parse(data: data, part: relsPath, handler: handler)
        items = handler.items.map { item in
            Relationship(id: item.id, type: item.type, target: Self.resolve(item.target, from: folder))
        }
    }

    func makeIterator() -> IndexingIterator<[Relationship]> { items.makeIterator() }

    /// A target as a path in the archive: absolute (`/xl/…`) or relative to the part's folder, `..` resolved.
    static func resolve(_ target: String, from folder: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = folder.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
        }
        return parts.joined(separator: "/")
    }
}

private final class RelationshipsHandler: XMLPartHandler {
    var items: [(id: String, type: String, target: String)] = []
    func start(_ name: String, attributes: [String: String]) throws {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        if attributes["TargetMode"] == "External" { return }
        items.append((id, attributes["Type"] ?? "", target))
    }
    func end(_ name: String) throws {}
    func text(_ string: String) {}
}

private final class WorkbookHandler: XMLPartHandler {
    var sheets: [(name: String, relationship: String)] = []
    var date1904 = false
    func start(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "workbookPr": date1904 = ["1", "true"].contains(attributes["date1904"]?.lowercased() ?? "")
        case "sheet":
            if let sheetName = attributes["name"], let id = attributes.prefixed("id") { sheets.append((sheetName, id)) }
        default: break
        }
    }
    func end(_ name: String) throws {}
    func text(_ string: String) {}
}

/// Which cell styles show a number as a date: the built-in date formats and any custom format
/// whose code has day, month, year, hour or second placeholders outside quotes and brackets.
struct XlsxDateStyles {
    private let dateStyles: Set<Int>

    init(archive: XlsxArchive, path: String?) throws {
        guard let path, let data = try archive.data(of: path) else { dateStyles = []; return }
        let handler = StylesHandler()
        try XMLStream.parse(data: data, part: path, handler: handler)
        var styles: Set<Int> = []
        for (index, format) in handler.cellFormats.enumerated() {
            if Self.builtInDates.contains(format) || handler.customFormats[format].map(Self.isDateFormat) == true {
                styles.insert(index)
            }
        }
        dateStyles = styles
    }

    /// Whether cells of style `index` hold dates.
    func isDate(style index: Int) -> Bool { dateStyles.contains(index) }

    /// Excel's built-in number formats that show dates or times.
    static let builtInDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// Whether a format code shows a date: a d, m, y, h or s outside "quoted text", [brackets] and \escapes.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false, escaped = false
        for character in code.lowercased() {
            if escaped { escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            case "d", "m", "y", "h", "s": if !quoted && !bracket { return true }
            default: break
            }
        }
        return false
    }
}

private final class StylesHandler: XMLPartHandler {
    var customFormats: [Int: String] = [:]
    var cellFormats: [Int] = []
    private var inCellXfs = false
    func start(_ name: String, attributes: [String: String]) throws {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: cellFormats.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }
    func end(_ name: String) throws { if name == "cellXfs" { inCellXfs = false } }
    func text(_ string: String) {}
}
