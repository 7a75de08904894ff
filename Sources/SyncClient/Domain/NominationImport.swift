import Foundation
import SyncCore

extension Replica {
    /// Imports nominations from a CSV file as offices keep them in Excel (see `CSVFile` and
    /// `NominationColumn`) and reports on every row.
    ///
    /// Every row is read first. A row whose id is already a live nomination, or whose nominee
    /// (compared folded), year, title or award code and province equal those of a live nomination
    /// or of an earlier row, is a duplicate. Each other row becomes one `LocalWrite` creating the
    /// nomination, and all of them go to `tryWrites(_:commit:)`: each is checked on exactly the
    /// path of `write(_:)`, and the valid ones commit in one transaction, so a crash never leaves
    /// part of a file imported. Import creates; it never changes an existing nomination.
    ///
    /// Throws (writing nothing) only when the file itself cannot be used: not UTF-8, no header,
    /// no column that names a nomination field, or two columns naming the same field.
    public func importNominations(csv data: Data, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        let file = try CSVFile(parsing: data)
        let layout = try NominationCSVLayout(header: file.header)
        let lookup = try CSVLookup(replica: self)
        let scopes = try nodeState().scopes
        let reader = NominationRowReader(layout: layout, lookup: lookup, defaultScope: scopes.count == 1 ? scopes[0] : nil,
                                         node: node.rawValue, scopes: scopes)
        var seen = try DuplicateIndex(replica: self)

        var results: [ImportReport.Row?] = Array(repeating: nil, count: file.rows.count)
        var writes: [LocalWrite] = []
        var writeRows: [(index: Int, row: NominationRowReader.Parsed)] = []
        for (index, row) in file.rows.enumerated() {
            let parsed: NominationRowReader.Parsed
            do {
                parsed = try reader.read(row)
            } catch let failure as NominationRowReader.Failure {
                results[index] = ImportReport.Row(number: row.number, id: failure.id, column: failure.column,
                                                  outcome: .error(code: failure.error.code, message: failure.error.message))
                continue
            }
            if let reason = seen.duplicate(parsed, row: row.number) {
                results[index] = ImportReport.Row(number: row.number, id: parsed.givenID, outcome: .duplicate(reason: reason))
                continue
            }
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: parsed.id),
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
                    results[index] = written ? ImportReport.Row(number: number, id: parsed.id, outcome: .imported)
                                             : ImportReport.Row(number: number, id: parsed.givenID, outcome: .valid)
                case .failure(let error):
                    results[index] = ImportReport.Row(number: number, id: parsed.givenID, column: layout.column(blamedBy: error),
                                                      outcome: .error(code: error.code, message: error.message))
                }
            }
        }
        return ImportReport(rows: results.compactMap { $0 }, warnings: layout.warnings, written: written)
    }
}

/// Which column of a file holds which nomination field, found from its header.
struct NominationCSVLayout {
    /// Column index → the field it holds.
    let columns: [Int: NominationColumn]
    /// Field → its header as the file writes it.
    let headers: [NominationColumn: String]
    /// One warning per column that names no field.
    let warnings: [String]

    init(header: [String]) throws {
        var columns: [Int: NominationColumn] = [:], headers: [NominationColumn: String] = [:], warnings: [String] = []
        for (index, text) in header.enumerated() {
            let title = text.trimmingCharacters(in: .whitespaces)
            if title.isEmpty { continue }
            guard let column = NominationColumn(header: title) else {
                warnings.append("column \(index + 1) \"\(title.prefix(60))\" names no nomination field; it is ignored")
                continue
            }
            if let earlier = headers[column] {
                throw SyncError(.badRequest, "columns \"\(earlier)\" and \"\(title)\" both hold \(column.field); keep one of them")
            }
            columns[index] = column
            headers[column] = title
        }
        guard !columns.isEmpty else {
            throw SyncError(.badRequest, "no column of the header row names a nomination field; the first row must hold headers such as \"Họ và tên\", \"Năm\", \"Danh hiệu\"")
        }
        self.columns = columns
        self.headers = headers
        self.warnings = warnings
    }

    /// The header to show for `column`: the file's, or the export header when the file has none.
    func header(of column: NominationColumn) -> String { headers[column] ?? column.header }

    /// The header of the column an engine error is about: the field its message names first
    /// (both choices for "exactly one of title_code, award_form_code"), the id or the scope.
    func column(blamedBy error: SyncError) -> String? {
        switch error.code {
        case .invalidRecordID, .alreadyExists: return header(of: .id)
        case .invalidScope, .scopeViolation, .scopeMismatch: return header(of: .scope)
        default: break
        }
        if error.message.contains("exactly one of") {
            return "\(header(of: .titleCode))/\(header(of: .awardFormCode))"
        }
        let named = NominationColumn.allCases.compactMap { column -> (String.Index, NominationColumn)? in
            guard let range = error.message.range(of: "'\(column.field)'") else { return nil }
            return (range.lowerBound, column)
        }
        return named.min { $0.0 < $1.0 }.map { header(of: $0.1) }
    }
}

/// Live nominations and accepted rows, by id and by (folded nominee, year, code, scope).
struct DuplicateIndex {
    private var ids: [String: String] = [:]
    private var keys: [String: String] = [:]

    init(replica: Replica) throws {
        for record in try replica.records(in: "nominations") {
            let values = replica.visibleValues(of: record.version)
            let id = record.version.key.id
            ids[id] = "nomination \(id) already exists"
            guard case .text(let name) = values["nominee_name"], case .integer(let year) = values["year"] else { continue }
            let code = values["title_code"]?.textValue ?? values["award_form_code"]?.textValue ?? ""
            keys[Self.key(name: name, year: Int(year), code: code, scope: record.version.scope)] =
                "same nominee, year, award and province as nomination \(id)"
        }
    }

    /// Why the row duplicates a live nomination or an earlier row, or nil (then the row is
    /// remembered, so a later row can duplicate it).
    mutating func duplicate(_ row: NominationRowReader.Parsed, row number: Int) -> String? {
        if let reason = ids[row.id] { return reason }
        let key = Self.key(name: row.nomineeName, year: row.year, code: row.code, scope: row.scope)
        if let reason = keys[key] { return reason }
        ids[row.id] = "id \(row.id) is also row \(number)"
        keys[key] = "same nominee, year, award and province as row \(number)"
        return nil
    }

    private static func key(name: String, year: Int, code: String, scope: String) -> String {
        "\(TextNormalizer.folded(name))\u{1F}\(year)\u{1F}\(code.uppercased())\u{1F}\(scope)"
    }
}
