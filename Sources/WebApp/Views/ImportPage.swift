import Commendation
import SyncCore

/// The import page: the upload form; after a check, the file's per-row report and the confirm
/// button; after the write, what was written. The export links are on it too.
struct ImportPage: Sendable {
    /// One row of the report.
    struct Row: Sendable {
        let number: Int
        let result, resultClass: String
        let id, link, column, reason: String?
    }

    /// The report of one import (a dry run, or the write).
    struct Report: Sendable {
        let rows: [Row]
        let total, imported, valid, duplicates, errors: Int
        let warnings: [String]
        let summary: String

        init(_ report: ImportReport, people: Bool, dryRun: Bool) {
            rows = report.rows.map { row in
                let link = people || row.outcome != .imported ? nil : row.id.map { "/nominations/\($0)" }
                switch row.outcome {
                case .imported:
                    return Row(number: row.number, result: "Đã nhập", resultClass: "imported", id: row.id, link: link, column: nil, reason: nil)
                case .valid:
                    return Row(number: row.number, result: "Hợp lệ", resultClass: "valid", id: row.id, link: nil, column: nil, reason: "chưa ghi")
                case .duplicate(let why):
                    return Row(number: row.number, result: "Trùng, không nhập", resultClass: "duplicate", id: row.id, link: nil, column: nil, reason: ImportPage.duplicate(why))
                case .error(let code, let message):
                    return Row(number: row.number, result: "Lỗi, không nhập", resultClass: "error", id: row.id, link: nil, column: row.column,
                               reason: "\(message) (\(code.rawValue))")
                }
            }
            total = report.rows.count
            imported = report.imported
            valid = report.validNotWritten
            duplicates = report.duplicates
            errors = report.errors
            warnings = report.warnings
            let what = people ? "bản ghi cán bộ" : "hồ sơ"
            let counts = "\(total) dòng: \(valid + imported) hợp lệ, \(duplicates) trùng, \(errors) lỗi."
            if imported > 0 {
                summary = "Đã nhập \(imported) \(what). Tệp có \(counts)"
            } else if dryRun {
                summary = "Kiểm tra xong, chưa ghi gì. Tệp có \(counts)"
            } else if valid > 0 {
                summary = "Không ghi dòng nào: có \(errors) dòng lỗi và đã chọn chỉ nhập khi mọi dòng đều hợp lệ. Tệp có \(counts)"
            } else {
                summary = "Không có dòng hợp lệ nào để nhập. Tệp có \(counts)"
            }
        }
    }

    /// The importer's reason for a duplicate in Vietnamese (its phrases are fixed), else as given.
    static func duplicate(_ reason: String) -> String {
        let same = "same nominee, year, award and province as "
        func after(_ prefix: String) -> String? { reason.hasPrefix(prefix) ? String(reason.dropFirst(prefix.count)) : nil }
        func before(_ suffix: String, _ prefix: String) -> String? {
            reason.hasPrefix(prefix) && reason.hasSuffix(suffix) ? String(reason.dropFirst(prefix.count).dropLast(suffix.count)) : nil
        }
        if let row = after(same + "row ") { return "cùng người được đề nghị, năm, khen thưởng và tỉnh với dòng \(row)" }
        if let id = after(same + "nomination ") { return "cùng người được đề nghị, năm, khen thưởng và tỉnh với hồ sơ \(id) đã có" }
        if let id = before(" already exists", "nomination ") { return "hồ sơ \(id) đã có" }
        if let id = before(" already exists", "person year ") { return "bản ghi cán bộ theo năm \(id) đã có" }
        if let range = reason.range(of: " is also row "), reason.hasPrefix("id ") {
            return "mã \(reason[reason.index(reason.startIndex, offsetBy: 3)..<range.lowerBound]) trùng với dòng \(reason[range.upperBound...])"
        }
        if let row = after(" as row ") { return "trùng với dòng \(row)" }
        return reason
    }

    /// The kept upload the page is about.
    struct Pending: Sendable {
        let id, filename: String
        let people: Bool
        let workbook: Bool
        let sheetOptions: [Option]
    }

    /// A download link.
    struct Export: Sendable { let id, href, name, label: String }

    let chrome: Chrome
    let title = "Nhập, xuất Excel và CSV"
    let maxMiB = CrossSiteGuard.maxUpload >> 20
    var error: String?
    var pending: Pending?
    var report: Report?
    /// The confirm button's words ("Nhập 3 dòng hợp lệ"), nil when there is nothing to write.
    var confirm: String?
    /// Whether the rows were written (the page then links to the list).
    var written = false
    var peopleWritten = false
    let exports: [Export]

    init(chrome: Chrome, year: Int) {
        self.chrome = chrome
        exports = ExportRoutes.files.map { file in
            Export(id: "export-" + file.path.replacingOccurrences(of: ".", with: "-"), href: "/export/\(file.path)",
                   name: file.name(year: year), label: file.label)
        }
    }
}
