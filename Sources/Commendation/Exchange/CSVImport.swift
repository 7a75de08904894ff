import Foundation
import SyncCore

/// A row read from a file, ready to write.
struct ImportRow {
    /// The record id: the file's, or one made for the row.
    let id: String
    /// The id as the file gives it (nil when `id` was made for the row).
    let givenID: String?
    let scope: String
    let values: [String: FieldValue]
    /// Rows with equal keys describe the same thing (nil: compared by id only).
    let duplicateKey: String?
}

/// Why a row cannot become a write: the column to blame, with the row's id when the file gives one.
struct ImportFailure: Error {
    let id: String?
    let column: String
    let error: SyncError
}

/// What every row of an import is read against: the catalog and provinces, and the node's scopes.
struct ImportContext {
    let lookup: CSVLookup
    /// The node's only scope, used when a row names none.
    let defaultScope: String?
    let node: String
    let scopes: [String]

    init(replica: Replica) throws {
        lookup = try CSVLookup(replica: replica)
        scopes = try replica.nodeState().scopes
        defaultScope = scopes.count == 1 ? scopes[0] : nil
        node = replica.node.rawValue
    }

    /// The scope of a row: the province its `cell` names, else the node's only scope.
    func scope(_ cell: String?, header: String, id: String?) throws -> String {
        if let cell { return lookup.scope(cell) }
        if let defaultScope { return defaultScope }
        throw ImportFailure(id: id, column: header, error: SyncError(.invalidScope,
            "the row names no province and node \(node) replicates several scopes (\(scopes.joined(separator: ", "))); fill in the \(header) column"))
    }
}

/// The ids and duplicate keys of live records and of the rows accepted so far, each with the reason
/// a later row repeating it is a duplicate.
struct ImportDuplicates {
    var ids: [String: String] = [:]
    var keys: [String: String] = [:]
    /// What a key names, for the reason ("same nominee, year, award and province").
    let keyMeaning: String

    /// Why the row duplicates a live record or an earlier row, or nil (then the row is remembered,
    /// so a later row can duplicate it).
    mutating func duplicate(_ row: ImportRow, number: Int) -> String? {
        if let reason = ids[row.id] { return reason }
        if let key = row.duplicateKey, let reason = keys[key] { return reason }
        ids[row.id] = "id \(row.id) is also row \(number)"
        if let key = row.duplicateKey { keys[key] = "\(keyMeaning) as row \(number)" }
        return nil
    }
}

extension Replica {
    /// Imports the rows of `file` (a CSV file or a workbook's sheet) into `collection`: each row is read by `read` (which throws an
    /// `ImportFailure` for a row that cannot become a write), duplicates are reported, and the other
    /// rows go to `tryWrites(_:commit:)`, so each is checked on exactly the path of `write(_:)` and
    /// the valid ones commit in one transaction. `blame` names the column an engine error is about.
    func importRows(of file: some RowSource, into collection: String, warnings: [String], options: ImportOptions,
                    duplicates: inout ImportDuplicates, blame: (SyncError) -> String?,
                    read: (SheetRow) throws -> ImportRow) throws -> ImportReport {
        var results: [ImportReport.Row?] = Array(repeating: nil, count: file.rows.count)
        var writes: [LocalWrite] = []
        var writeRows: [(index: Int, row: ImportRow)] = []
        for (index, row) in file.rows.enumerated() {
            let parsed: ImportRow
            do {
                parsed = try read(row)
            } catch let failure as ImportFailure {
                results[index] = ImportReport.Row(number: row.number, id: failure.id, column: failure.column,
                                                  outcome: .error(code: failure.error.code, message: failure.error.message))
                continue
            }
            if let reason = duplicates.duplicate(parsed, number: row.number) {
                results[index] = ImportReport.Row(number: row.number, id: parsed.givenID, outcome: .duplicate(reason: reason))
                continue
            }
            writes.append(LocalWrite(key: RecordKey(collection: collection, id: parsed.id), operation: .create(scope: parsed.scope),
                                     values: parsed.values))
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
                    results[index] = ImportReport.Row(number: number, id: parsed.givenID, column: blame(error),
                                                      outcome: .error(code: error.code, message: error.message))
                }
            }
        }
        return ImportReport(rows: results.compactMap { $0 }, warnings: warnings, written: written)
    }
}

/// The award catalog and provinces as a CSV cell may name them: by code in any case, or by name.
struct CSVLookup {
    private var awardCodes: [String: String] = [:], awardNames: [String: String] = [:]
    private var provinceCodes: [String: String] = [:], provinceNames: [String: String] = [:]

    /// Reads the replica's award catalog (its live `award_types` records) and the provinces.
    init(replica: Replica) throws {
        for record in try replica.records(in: "award_types") {
            let code = record.version.key.id
            awardCodes[CSVVocabulary.key(code)] = code
            if case .text(let name) = replica.visibleValues(of: record.version)["name"] {
                awardNames[CSVVocabulary.key(name)] = code
            }
        }
        for province in ReferenceData.provinces {
            provinceCodes[CSVVocabulary.key(province.code)] = province.code
            provinceNames[CSVVocabulary.key(province.name)] = province.code
        }
    }

    /// The catalog code a cell names (a code, in any case, or a Vietnamese name), or the cell as
    /// written, for the catalog rule to refuse.
    func awardCode(_ cell: String) -> String {
        knownAwardCode(cell) ?? cell
    }

    /// The catalog code a cell names (a code, in any case, or a Vietnamese name), or nil when it
    /// names no catalog entry.
    func knownAwardCode(_ cell: String) -> String? {
        let key = CSVVocabulary.key(cell)
        return awardCodes[key] ?? awardNames[key]
    }

    /// The province code a cell names (a code or a province's name), or the cell as written (`*`).
    func scope(_ cell: String) -> String {
        let key = CSVVocabulary.key(cell)
        return provinceCodes[key] ?? provinceNames[key] ?? cell
    }
}
