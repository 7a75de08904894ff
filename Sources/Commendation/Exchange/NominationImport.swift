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
        try importNominations(from: CSVFile(parsing: data), options: options)
    }

    /// Imports nominations from the rows of a CSV file or a workbook's sheet, as
    /// `importNominations(csv:options:)` does. Throws (writing nothing) when the header row names
    /// no nomination field or names one twice.
    public func importNominations(from file: some RowSource, options: ImportOptions = ImportOptions()) throws -> ImportReport {
        let layout = try CSVLayout<NominationColumn>(header: file.header, records: "nomination")
        guard !layout.columns.isEmpty else {
            throw SyncError(.badRequest, "no column of the header row names a nomination field; the first row must hold headers such as \"Họ và tên\", \"Năm\", \"Danh hiệu\"")
        }
        let reader = NominationRowReader(layout: layout, context: try ImportContext(replica: self))
        var duplicates = ImportDuplicates(keyMeaning: "same nominee, year, award and province")
        for record in try records(in: "nominations") {
            let values = visibleValues(of: record.version)
            let id = record.version.key.id
            duplicates.ids[id] = "nomination \(id) already exists"
            guard case .text(let name) = values["nominee_name"], case .integer(let year) = values["year"] else { continue }
            let code = values["title_code"]?.textValue ?? values["award_form_code"]?.textValue ?? ""
            let key = NominationRowReader.duplicateKey(name: name, year: Int(year), code: code, scope: record.version.scope)
            duplicates.keys[key] = "\(duplicates.keyMeaning) as nomination \(id)"
        }
        return try importRows(of: file, into: "nominations", warnings: layout.warnings, options: options, duplicates: &duplicates,
                              blame: { Self.column(of: layout, blamedBy: $0) }, read: reader.read)
    }

    /// The header of the column an engine error is about: both choices for "exactly one of
    /// title_code, award_form_code", else as `CSVLayout` finds it.
    static func column(of layout: CSVLayout<NominationColumn>, blamedBy error: SyncError) -> String? {
        if error.message.contains("exactly one of") {
            return "\(layout.header(of: .titleCode))/\(layout.header(of: .awardFormCode))"
        }
        return layout.column(blamedBy: error, idHeader: layout.header(of: .id), scope: .scope)
    }
}
