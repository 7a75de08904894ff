import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync export-xlsx`: the nominations (or people's years) as an Excel workbook, the sibling of `export-csv`.
struct ExportXlsxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-xlsx",
        abstract: "Write the nominations (or, with --people, people's yearly records) as an Excel workbook (.xlsx), which `tdsync import` reads back.",
        discussion: """
            The same columns, order, Vietnamese headers and words as `export-csv`, on one sheet \\
            ("Hồ sơ đề nghị", or "Cán bộ theo năm" with --people) under a frozen header row, \\
            with column widths that fit. The year is a number and the decision date a real date \\
            shown dd/mm/yyyy; every other cell is text, so a code such as 0123 keeps its zero \\
            and a text starting with = stays text (no ' is added, unlike CSV). The same replica \\
            gives the same bytes.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(name: [.short, .long], help: ArgumentHelp("The workbook to write (.xlsx).", valueName: "file"))
    var output: String

    @Flag(help: "Export people's yearly records (person_years) instead of nominations.")
    var people = false

    func run() throws {
        let opened = try replica.open()
        let data = try people ? opened.personYearsXlsx() : opened.nominationsXlsx()
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIFailure(message: "cannot write the workbook to \(output): \(error.localizedDescription)")
        }
    }
}
