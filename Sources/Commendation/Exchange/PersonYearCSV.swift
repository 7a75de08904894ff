import Foundation
import SyncCore

/// A column of a people CSV file (`person_years`, one row per person and year): one per field,
/// plus the scope (`field` is the raw value; `scope` is the record's). The record id is not a
/// column: it is always `<person_id>-<year>`. Headers are matched as `CSVColumn` says.
public enum PersonYearColumn: String, CSVColumn {
    case personID = "person_id"
    case personName = "person_name"
    case unitID = "unit_id"
    case year
    case scope
    case taskRating = "task_rating"
    case titles
    case awards
    case researchAccepted = "research_accepted"
    case disciplined
    case directWorker = "direct_worker"

    /// The Vietnamese header written on export.
    public var header: String {
        switch self {
        case .personID: "Mã cán bộ"
        case .personName: "Họ và tên"
        case .unitID: "Đơn vị"
        case .year: "Năm"
        case .scope: "Tỉnh"
        case .taskRating: "Xếp loại"
        case .titles: "Danh hiệu"
        case .awards: "Hình thức khen thưởng"
        case .researchAccepted: "Đề tài nghiệm thu"
        case .disciplined: "Kỷ luật"
        case .directWorker: "Trực tiếp lao động"
        }
    }

    /// Other headers offices use, accepted on import.
    public var otherHeaders: [String] {
        switch self {
        case .personID: ["Mã người", "Mã cán bộ, công chức", "Mã CB", "Mã nhân sự"]
        case .personName: ["Họ tên"]
        case .unitID: ["Mã đơn vị"]
        case .year: ["Năm xét"]
        case .scope: ["Tỉnh/Thành phố", "Mã tỉnh"]
        case .taskRating: ["Mức độ hoàn thành", "Mức độ hoàn thành nhiệm vụ", "Xếp loại cán bộ"]
        case .titles: ["Danh hiệu thi đua"]
        case .awards: ["Hình thức", "Khen thưởng"]
        case .researchAccepted: ["Nghiên cứu", "Đề tài", "Đề tài được nghiệm thu"]
        case .disciplined: ["Bị kỷ luật"]
        case .directWorker: ["Người trực tiếp lao động", "Trực tiếp sản xuất"]
        }
    }
}

/// The words a people CSV cell may use: task ratings and yes/no.
enum PersonYearVocabulary {
    /// task_rating: code → the words that mean it (the first is written on export). The code
    /// itself, with a space for the underscore or not, is accepted too.
    static let ratings: [(code: String, words: [String])] = [
        ("excellent", ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành xuất sắc", "Xuất sắc", "HTXSNV"]),
        ("good", ["Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt", "Tốt", "HTTNV"]),
        ("completed", ["Hoàn thành nhiệm vụ", "Hoàn thành", "HTNV"]),
        ("not_completed", ["Không hoàn thành nhiệm vụ", "Không hoàn thành", "KHTNV", "not complete"]),
    ]

    /// The words read as true and as false, folded (so "Có" and "co" are one).
    static let yes: Set<String> = ["co", "x", "1", "yes", "y", "true", "dung"]
    static let no: Set<String> = ["khong", "0", "no", "n", "false", "sai"]

    /// The boolean a cell names, or nil when it names neither.
    static func bool(_ cell: String) -> Bool? {
        let key = CSVVocabulary.key(cell)
        if yes.contains(key) { return true }
        if no.contains(key) { return false }
        return nil
    }

    /// The words written on export.
    static func word(_ value: Bool) -> String { value ? "Có" : "Không" }
}

/// Turns one CSV row into the field values of a new `person_years` record. It checks what the
/// engine cannot or would say less clearly (a year, a yes/no or a rating it cannot read, a title
/// or award that names no catalog entry, a row with no province, no person id or no year, without
/// which there is no record id); the rest (a name too long, a year out of range, …) is left to the
/// engine's checks when the row is written.
struct PersonYearRowReader {
    let layout: CSVLayout<PersonYearColumn>
    let context: ImportContext

    func read(_ row: SheetRow) throws -> ImportRow {
        let cells = layout.cells(of: row)
        var id: String?
        if let person = cells[.personID], let year = cells[.year], Int64(year) != nil { id = "\(person)-\(year)" }
        func fail(_ column: PersonYearColumn, _ message: String) -> ImportFailure {
            ImportFailure(id: id, column: layout.header(of: column), error: SyncError(.wrongType, message))
        }
        guard let person = cells[.personID] else { throw fail(.personID, "person_years needs a value for 'person_id'") }
        guard let yearCell = cells[.year] else { throw fail(.year, "person_years needs a value for 'year'") }
        guard let year = Int64(yearCell) else {
            throw fail(.year, "field 'year' must be a whole number such as 2025, not '\(yearCell.prefix(40))'")
        }

        var values: [String: FieldValue] = [:]
        for (column, cell) in cells {
            switch column {
            case .scope: continue
            case .personID, .personName, .unitID: values[column.field] = .text(cell)
            case .year: values[column.field] = .integer(year)
            case .taskRating:
                let rating = CSVVocabulary.code(cell, in: PersonYearVocabulary.ratings)
                guard CollectionSpec.taskRatings.contains(rating) else {
                    throw fail(.taskRating, "field 'task_rating' cannot be '\(cell.prefix(40))': write Hoàn thành xuất sắc/tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, or \(CollectionSpec.taskRatings.joined(separator: ", "))")
                }
                values[column.field] = .text(rating)
            case .titles, .awards:
                var codes: [String] = []
                for item in cell.split(whereSeparator: { $0 == ";" || $0 == "," }) {
                    let text = item.trimmingCharacters(in: .whitespacesAndNewlines)
                    if text.isEmpty { continue }
                    guard let code = context.lookup.knownAwardCode(text) else {
                        throw fail(column, "'\(column.field)' names '\(text.prefix(60))', which is not in the award catalog (give a code such as LDTT or its name)")
                    }
                    if !codes.contains(code) { codes.append(code) }
                }
                if !codes.isEmpty { values[column.field] = .textList(codes) }
            case .researchAccepted, .disciplined, .directWorker:
                guard let value = PersonYearVocabulary.bool(cell) else {
                    throw fail(column, "field '\(column.field)' must be Có or Không (also x, 1/0, yes/no, true/false), not '\(cell.prefix(40))'")
                }
                values[column.field] = .bool(value)
            }
        }
        let scope = try context.scope(cells[.scope], header: layout.header(of: .scope), id: id)
        let recordID = "\(person)-\(year)"
        return ImportRow(id: recordID, givenID: recordID, scope: scope, values: values, duplicateKey: nil)
    }
}

extension Replica {
    /// Imports people's yearly records (`person_years`) from a CSV file as offices keep them in
    /// Excel (see `PersonYearColumn`), with a report on every row, as `importNominations` does.
    ///
    /// Every row is read first. Its record id is `<person_id>-<year>`; a row whose id is already a
    /// live record, or that of an earlier row, is a duplicate and is not imported (import never
    /// updates a year). The other rows go to `tryWrites(_:commit:)` and the valid ones commit in
    /// one transaction.
    ///
    /// Throws (writing nothing) only when the file itself cannot be used: not UTF-8, no header,
    /// no person or year column, or two columns naming the same field.
    public func importPersonYears(csv data: Data, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        try importPersonYears(from: CSVFile(parsing: data), options: options)
    }

    /// Imports people's yearly records from the rows of a CSV file or a workbook's sheet, as
    /// `importPersonYears(csv:options:)` does. Throws (writing nothing) when the header row lacks
    /// the person or the year column or names a field twice.
    public func importPersonYears(from file: some RowSource, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        let layout = try CSVLayout<PersonYearColumn>(header: file.header, records: "person_years")
        guard layout.headers[.personID] != nil, layout.headers[.year] != nil else {
            throw SyncError(.badRequest, "the header row must name the person and the year (\"Mã cán bộ\" and \"Năm\"): they make the record id <person_id>-<year>")
        }
        let reader = PersonYearRowReader(layout: layout, context: try ImportContext(replica: self))
        var duplicates = ImportDuplicates(keyMeaning: "")
        for record in try records(in: "person_years") {
            duplicates.ids[record.version.key.id] = "person year \(record.version.key.id) already exists"
        }
        let idHeader = "\(layout.header(of: .personID))/\(layout.header(of: .year))"
        return try importRows(of: file, into: "person_years", warnings: layout.warnings, options: options, duplicates: &duplicates,
                              blame: { layout.column(blamedBy: $0, idHeader: idHeader, scope: .scope) }, read: reader.read)
    }

    /// The live `person_years` records, ordered by id, as a CSV file for Excel (UTF-8 with a BOM,
    /// CRLF, one column per `PersonYearColumn` under its Vietnamese header): ratings as Vietnamese
    /// phrases, titles and awards as catalog codes separated by "; ", yes/no as Có/Không; where a
    /// field has an open conflict, its visible value. Importing the file into an empty replica
    /// gives the same records with the same visible values.
    public func personYearsCSV() throws -> Data {
        let columns = PersonYearColumn.allCases
        let rows = try records(in: "person_years").map { record in
            let values = visibleValues(of: record.version)
            return columns.map { CSVFile.escaped(Self.cell($0, of: record.version, values: values)) }
        }
        return try CSVFile.excelData(header: columns.map(\.header), rows: rows)
    }

    /// One cell of an exported people row: empty for null.
    static func cell(_ column: PersonYearColumn, of version: RecordVersion, values: [String: FieldValue]) -> String {
        if column == .scope { return version.scope }
        return CSVVocabulary.cell(values[column.field] ?? .null, text: { text in
            column == .taskRating ? CSVVocabulary.word(text, in: PersonYearVocabulary.ratings) : text
        }, bool: PersonYearVocabulary.word)
    }
}
