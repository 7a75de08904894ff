import Foundation
import SyncCore

/// A column of a people CSV file (`person_years`, one row per person and year): one per field,
/// plus the scope. The record id is not a column: it is always `<person_id>-<year>`.
/// Headers are matched as `NominationColumn`'s are: without regard to case, Vietnamese marks
/// (đ as d), spaces or underscores.
public enum PersonYearColumn: String, CaseIterable, Sendable {
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

    /// The field the column fills: its raw value (`scope` is the record's, not a field).
    public var field: String { rawValue }

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

    /// Every header accepted on import: the export header, other names offices use, the field name.
    public var acceptedHeaders: [String] {
        let others: [String] = switch self {
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
        return [header] + others + [rawValue]
    }

    /// The column a header names, or nil when it names none.
    public init?(header: String) {
        guard let column = Self.byKey[NominationColumn.key(header)] else { return nil }
        self = column
    }

    private static let byKey: [String: PersonYearColumn] = {
        var map: [String: PersonYearColumn] = [:]
        for column in allCases {
            for header in column.acceptedHeaders { map[NominationColumn.key(header)] = column }
        }
        return map
    }()
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
        let key = NominationColumn.key(cell)
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
    struct Parsed {
        /// `<person_id>-<year>`.
        let id: String
        let scope: String
        let values: [String: FieldValue]
    }

    /// Why a row cannot become a write.
    struct Failure: Error {
        let id: String?
        let column: String
        let error: SyncError
    }

    let layout: PersonYearCSVLayout
    let lookup: CSVLookup
    let defaultScope: String?
    let node: String
    let scopes: [String]

    func read(_ row: CSVFile.Row) throws -> Parsed {
        var cells: [PersonYearColumn: String] = [:]
        for (index, column) in layout.columns where index < row.fields.count {
            let cell = NominationRowReader.unescaped(row.fields[index]).trimmingCharacters(in: .whitespacesAndNewlines)
            if !CSVFile.isBlank(cell) { cells[column] = cell }
        }
        var id: String?
        if let person = cells[.personID], let year = cells[.year], Int64(year) != nil { id = "\(person)-\(year)" }
        func fail(_ column: PersonYearColumn, _ message: String) -> Failure {
            Failure(id: id, column: layout.header(of: column), error: SyncError(.wrongType, message))
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
                let rating = NominationVocabulary.code(cell, in: PersonYearVocabulary.ratings)
                guard CollectionSpec.taskRatings.contains(rating) else {
                    throw fail(.taskRating, "field 'task_rating' cannot be '\(cell.prefix(40))': write Hoàn thành xuất sắc/tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, or \(CollectionSpec.taskRatings.joined(separator: ", "))")
                }
                values[column.field] = .text(rating)
            case .titles, .awards:
                var codes: [String] = []
                for item in cell.split(whereSeparator: { $0 == ";" || $0 == "," }) {
                    let text = item.trimmingCharacters(in: .whitespacesAndNewlines)
                    if text.isEmpty { continue }
                    guard let code = lookup.knownAwardCode(text) else {
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

        let scope: String
        if let cell = cells[.scope] {
            scope = lookup.scope(cell)
        } else if let defaultScope {
            scope = defaultScope
        } else {
            throw Failure(id: id, column: layout.header(of: .scope), error: SyncError(.invalidScope,
                "the row names no province and node \(node) replicates several scopes (\(scopes.joined(separator: ", "))); fill in the \(layout.header(of: .scope)) column"))
        }
        return Parsed(id: "\(person)-\(year)", scope: scope, values: values)
    }
}

/// Which column of a people file holds which field, found from its header.
struct PersonYearCSVLayout {
    let columns: [Int: PersonYearColumn]
    let headers: [PersonYearColumn: String]
    let warnings: [String]

    init(header: [String]) throws {
        var columns: [Int: PersonYearColumn] = [:], headers: [PersonYearColumn: String] = [:], warnings: [String] = []
        for (index, text) in header.enumerated() {
            let title = text.trimmingCharacters(in: .whitespaces)
            if title.isEmpty { continue }
            guard let column = PersonYearColumn(header: title) else {
                warnings.append("column \(index + 1) \"\(title.prefix(60))\" names no person_years field; it is ignored")
                continue
            }
            if let earlier = headers[column] {
                throw SyncError(.badRequest, "columns \"\(earlier)\" and \"\(title)\" both hold \(column.field); keep one of them")
            }
            columns[index] = column
            headers[column] = title
        }
        guard headers[.personID] != nil, headers[.year] != nil else {
            throw SyncError(.badRequest, "the header row must name the person and the year (\"Mã cán bộ\" and \"Năm\"): they make the record id <person_id>-<year>")
        }
        self.columns = columns
        self.headers = headers
        self.warnings = warnings
    }

    func header(of column: PersonYearColumn) -> String { headers[column] ?? column.header }

    /// The header of the column an engine error is about.
    func column(blamedBy error: SyncError) -> String? {
        switch error.code {
        case .invalidRecordID, .alreadyExists: return "\(header(of: .personID))/\(header(of: .year))"
        case .invalidScope, .scopeViolation, .scopeMismatch: return header(of: .scope)
        default: break
        }
        let named = PersonYearColumn.allCases.compactMap { column -> (String.Index, PersonYearColumn)? in
            guard let range = error.message.range(of: "'\(column.field)'") else { return nil }
            return (range.lowerBound, column)
        }
        return named.min { $0.0 < $1.0 }.map { header(of: $0.1) }
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
        let file = try CSVFile(parsing: data)
        let layout = try PersonYearCSVLayout(header: file.header)
        let lookup = try CSVLookup(replica: self)
        let scopes = try nodeState().scopes
        let reader = PersonYearRowReader(layout: layout, lookup: lookup, defaultScope: scopes.count == 1 ? scopes[0] : nil,
                                         node: node.rawValue, scopes: scopes)
        var seen: [String: String] = [:]
        for record in try records(in: "person_years") {
            seen[record.version.key.id] = "person year \(record.version.key.id) already exists"
        }

        var results: [ImportReport.Row?] = Array(repeating: nil, count: file.rows.count)
        var writes: [LocalWrite] = []
        var writeRows: [(index: Int, row: PersonYearRowReader.Parsed)] = []
        for (index, row) in file.rows.enumerated() {
            let parsed: PersonYearRowReader.Parsed
            do {
                parsed = try reader.read(row)
            } catch let failure as PersonYearRowReader.Failure {
                results[index] = ImportReport.Row(number: row.number, id: failure.id, column: failure.column,
                                                  outcome: .error(code: failure.error.code, message: failure.error.message))
                continue
            }
            if let reason = seen[parsed.id] {
                results[index] = ImportReport.Row(number: row.number, id: parsed.id, outcome: .duplicate(reason: reason))
                continue
            }
            seen[parsed.id] = "\(parsed.id) is also row \(row.number)"
            writes.append(LocalWrite(key: RecordKey(collection: "person_years", id: parsed.id),
                                     operation: .create(scope: parsed.scope), values: parsed.values))
            writeRows.append((index, parsed))
        }

        let rowErrors = results.contains { if case .error = $0?.outcome { true } else { false } }
        var written = false
        if !writes.isEmpty {
            let batch = try tryWrites(writes) { outcomes in
                if options.dryRun { return false }
                let failed = outcomes.contains { if case .failure = $0 { true } else { false } }
                return !(options.allOrNothing && (rowErrors || failed))
            }
            written = batch.committed
            for ((index, parsed), outcome) in zip(writeRows, batch.outcomes) {
                let number = file.rows[index].number
                switch outcome {
                case .success:
                    results[index] = ImportReport.Row(number: number, id: parsed.id, outcome: written ? .imported : .valid)
                case .failure(let error):
                    results[index] = ImportReport.Row(number: number, id: parsed.id, column: layout.column(blamedBy: error),
                                                      outcome: .error(code: error.code, message: error.message))
                }
            }
        }
        return ImportReport(rows: results.compactMap { $0 }, warnings: layout.warnings, written: written)
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
            return columns.map { column -> String in
                if column == .scope { return record.version.scope }
                let cell: String = switch values[column.field] ?? .null {
                case .null: ""
                case .text(let text): column == .taskRating ? NominationVocabulary.word(text, in: PersonYearVocabulary.ratings) : text
                case .integer(let n): String(n)
                case .bool(let b): PersonYearVocabulary.word(b)
                case .textList(let items): items.joined(separator: "; ")
                case .date(let date): formatVietnameseDate(date)
                case .decimal(let d): d.text
                }
                return NominationRowReader.escaped(cell)
            }
        }
        return try CSVFile.excelData(header: columns.map(\.header), rows: rows)
    }
}
