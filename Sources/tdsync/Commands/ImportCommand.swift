import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync import`: nominations from a CSV file as offices keep them in Excel, with a report on every row.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import nominations (or, with --people, people's yearly records) from an Excel workbook (.xlsx) or a CSV file, reporting what was imported, what was a duplicate and what was wrong.",
        discussion: """
            The file is an Excel workbook (.xlsx, recognised by its content) or CSV as Excel \
            saves it ("CSV UTF-8"): UTF-8 with or without a byte-order mark, CRLF or LF line \
            ends, comma- or semicolon-separated, quoted fields that may hold commas and line \
            breaks. A workbook's first sheet is read (or the one --sheet names): dates as Excel \
            stores them (serial numbers, 1900 or 1904 date system) or as dd/mm/yyyy text, numbers \
            stored as numbers or as text; a header cell merged down over several rows makes the \
            header that deep (each column named by its lowest heading); empty trailing rows and \
            columns are ignored. A workbook that is not .xlsx (.xls, password-protected), that \
            inflates past 128 MiB (a zip bomb), holds XML with a DOCTYPE, or more than 1 million \
            shared strings or 5 million cells is refused with bad_request and nothing is written.

            The first row (of a workbook, its first non-empty row) names the columns, in any \
            order, in Vietnamese or English; case, accents, spaces and underscores do not matter:
              id               Mã hồ sơ, Mã
              scope            Tỉnh (a province code or name)
              nominee_name     Họ và tên, Họ tên, Tên tập thể
              nominee_kind     Cá nhân/Tập thể, Loại (Cá nhân, Tập thể)
              year             Năm
              title_code       Danh hiệu (a catalog code, e.g. CSTDCS, or its name)
              award_form_code  Hình thức khen thưởng, Hình thức (a code or its name)
              unit_id          Đơn vị
              campaign_id      Phong trào
              achievements     Tóm tắt thành tích, Thành tích
              status           Trạng thái (Nháp, Đã gửi, Rút)
            and the board's: board_status (Kết quả xét duyệt), decision_number (Số \
            quyết định), decision_date (Ngày quyết định: dd/mm/yyyy or yyyy-mm-dd), \
            decision_authority (Cơ quan quyết định), board_reason (Lý do). Values may \
            also be the codes themselves (individual, submitted, …). \
            A column that names no field is reported once as a warning and ignored. Blank rows are \
            skipped. An empty id gets a new UUID; an empty province, the node's scope when it has \
            only one; an empty status, draft. A province imports the board's columns only empty. \
            A ' that `export-csv` put before a text starting with =, +, - or @ is removed.

            Every row is read and checked first, by the same rules as `nomination add`. A row whose \
            id already exists, or whose nominee (ignoring case and accents), year, title or award \
            and province equal those of a nomination or of an earlier row, is a duplicate and is \
            not imported. A wrong row is reported with its row number as Excel shows it (the \
            header is row 1; in a workbook, the sheet's own row number), the column and the reason, and is not imported. The valid rows are \
            then written in one transaction: a crash never leaves part of a file imported. Import \
            only creates nominations; it never changes one.

            Prints one line per row (row, result, id, column, reason), then \
            "imported N, duplicates D, errors E". Warnings go to stderr. Exits 0 when no row was \
            wrong (duplicates are not wrong), 2 when some were; a file that cannot be used at all \
            (not UTF-8, no header) is refused with bad_request (exit 2) and nothing is written.

            With --people the file holds people's yearly records (person_years), one row per \
            person and year, the same way (same report, --dry-run, --all-or-nothing):
              person_id          Mã cán bộ, Mã người (required)
              year               Năm (required; the record id is <person_id>-<year>)
              person_name        Họ và tên, Họ tên
              unit_id            Đơn vị
              scope              Tỉnh (a province code or name)
              task_rating        Xếp loại, Mức độ hoàn thành (Hoàn thành xuất sắc nhiệm vụ, \
            Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, or excellent, \
            good, completed, not_completed)
              titles             Danh hiệu (catalog codes or names, separated by ; or ,)
              awards             Hình thức khen thưởng (likewise)
              research_accepted  Đề tài nghiệm thu, Nghiên cứu (Có/Không, x, 1/0, yes/no, true/false)
              disciplined        Kỷ luật (likewise)
              direct_worker      Trực tiếp lao động (likewise)
            A row whose person and year already have a record, or that an earlier row has, is a \
            duplicate: import never updates a year (use `tdsync person year`). A title or award \
            that names no catalog entry, an unknown rating or an unreadable yes/no is an error.

            Examples:
              tdsync import --db dn.db de-nghi-2025.csv --dry-run
              tdsync import --db dn.db de-nghi-2025.xlsx --sheet "Đề nghị" --dry-run
              tdsync import --db dn.db --people can-bo-2025.csv
              tdsync import --db dn.db de-nghi-2025.csv --all-or-nothing
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: ArgumentHelp("The workbook (.xlsx) or CSV file of nominations (of people's years with --people).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The workbook's sheet to read (default: the first).", valueName: "name"))
    var sheet: String?

    @Flag(help: "Check every row and print the report, but write nothing.")
    var dryRun = false

    @Flag(help: "Write nothing if any row is wrong (duplicates are not wrong).")
    var allOrNothing = false

    @Flag(help: "The file holds people's yearly records (person_years: Mã cán bộ, Năm, Xếp loại, …), not nominations.")
    var people = false

    @Flag(help: "Print the report as JSON: {imported, duplicates, errors, valid_not_written, written, warnings, rows: [{row, result, id, column, code, message}]}.")
    var json = false

    func run() throws {
        let source = try readSource()
        let options = ImportOptions(dryRun: dryRun, allOrNothing: allOrNothing)
        let opened = try replica.open()
        let report = try people ? opened.importPersonYears(from: source, options: options)
                                : opened.importNominations(from: source, options: options)
        for warning in report.warnings { Console.error("warning: \(warning)") }
        if json {
            try Console.json(ImportReportJSON(report, dryRun: dryRun))
        } else {
            ImportReportText.table(report).print()
            Console.line(ImportReportText.summary(report, dryRun: dryRun))
        }
        if report.errors > 0 { throw ExitCode(2) }
    }
}

extension ImportCommand {
    /// The file's rows: a workbook's sheet when the file is a zip container (or an OLE file,
    /// which the reader refuses with its reason), else CSV.
    func readSource() throws -> any RowSource {
        let url = URL(fileURLWithPath: file)
        let head: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            head = try handle.read(upToCount: 4) ?? Data()
        } catch {
            throw CLIFailure(message: "cannot read \(file): \(error.localizedDescription)")
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) || head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return try XlsxSheet(contentsOf: url, sheet: sheet)
        }
        if sheet != nil {
            throw SyncError(.badRequest, "--sheet names a sheet of a workbook, but \(file) is a CSV file, which has none")
        }
        do {
            return try CSVFile(parsing: Data(contentsOf: url))
        } catch let error as SyncError {
            throw error
        } catch {
            throw CLIFailure(message: "cannot read \(file): \(error.localizedDescription)")
        }
    }
}

/// The import report as text: a table of rows and a summary line.
enum ImportReportText {
    /// One line per row: row number, result, id, column, reason.
    static func table(_ report: ImportReport) -> TextTable {
        var table = TextTable(header: ["row", "result", "id", "column", "reason"])
        table.maxCellWidth = 160
        for row in report.rows {
            let (result, reason): (String, String) = switch row.outcome {
            case .imported: ("imported", "")
            case .valid: ("valid", "not written")
            case .duplicate(let why): ("duplicate", why)
            case .error(let code, let message): ("error", "\(code.rawValue): \(message)")
            }
            table.rows.append([String(row.number), result, row.id ?? "-", row.column ?? "-", reason])
        }
        return table
    }

    /// "imported N, duplicates D, errors E", and why valid rows were not written, if so.
    static func summary(_ report: ImportReport, dryRun: Bool) -> String {
        var line = "imported \(report.imported), duplicates \(report.duplicates), errors \(report.errors)"
        if report.validNotWritten > 0 {
            line += dryRun
                ? " (dry run: \(report.validNotWritten) valid rows, nothing written)"
                : " (all or nothing: \(report.validNotWritten) valid rows not written because some rows are wrong)"
        }
        return line
    }
}

/// The import report as JSON.
struct ImportReportJSON: Encodable {
    struct Row: Encodable {
        let row: Int
        let result: String
        let id: String?
        let column: String?
        let code: String?
        let message: String?
    }

    let imported, duplicates, errors: Int
    let validNotWritten: Int
    let written: Bool
    let dryRun: Bool
    let warnings: [String]
    let rows: [Row]

    enum CodingKeys: String, CodingKey {
        case imported, duplicates, errors, written, warnings, rows
        case validNotWritten = "valid_not_written", dryRun = "dry_run"
    }

    init(_ report: ImportReport, dryRun: Bool) {
        imported = report.imported
        duplicates = report.duplicates
        errors = report.errors
        validNotWritten = report.validNotWritten
        written = report.written
        self.dryRun = dryRun
        warnings = report.warnings
        rows = report.rows.map { row in
            switch row.outcome {
            case .imported: Row(row: row.number, result: "imported", id: row.id, column: nil, code: nil, message: nil)
            case .valid: Row(row: row.number, result: "valid", id: row.id, column: nil, code: nil, message: nil)
            case .duplicate(let why): Row(row: row.number, result: "duplicate", id: row.id, column: nil, code: nil, message: why)
            case .error(let code, let message):
                Row(row: row.number, result: "error", id: row.id, column: row.column, code: code.rawValue, message: message)
            }
        }
    }
}
