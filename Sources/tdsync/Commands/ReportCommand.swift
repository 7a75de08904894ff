import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync report`: the annual statistics forms of Circular 02/2023/TT-BNV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print an annual statistics form (0601, 0602, 0603) as aligned tables or CSV, or write it as an Excel workbook.",
        discussion: """
            0601: campaigns launched in the year, by launching level (central or provincial), \
            regular, thematic or by phase, and duration. 0602: state-level commendations; 0603: \
            ministry- and province-level ones — each by type, by submitting province and by kind \
            (the campaign's kind; ad hoc without one), collective and individual, with the number \
            and share of direct workers among individuals. A commendation counts in the year of \
            its decision date (its nomination's year without one) once the board has approved it. \
            Computed from this replica: run it at the board, which holds every province.

            With --xlsx FILE the form is written as a workbook of one sheet laid out like the \
            Circular's form (the form number, the reporting unit, the title and year, each table \
            under its column groups) and nothing is printed: counts are numbers, and every totals \
            row, 0602/0603 "Tổng" and share of direct workers is a formula that Excel and \
            LibreOffice compute on opening.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The form: 0601, 0602 or 0603.", valueName: "form"))
    var form: String

    @Option(help: ArgumentHelp("The year.", valueName: "n"))
    var year: Int

    @Flag(help: "Print CSV (UTF-8, one block per table, a blank line between) instead of tables.")
    var csv = false

    @Option(help: ArgumentHelp("Write the form as an Excel workbook to this file instead of printing it.", valueName: "file"))
    var xlsx: String?

    @Option(help: ArgumentHelp("The reporting unit named on the workbook (default: this replica's node id).", valueName: "name"))
    var unit: String?

    func validate() throws {
        if csv && xlsx != nil { throw ValidationError("--csv and --xlsx cannot be used together.") }
        guard StatisticsReport.forms.contains(form) else {
            throw ValidationError("--form must be one of \(StatisticsReport.forms.joined(separator: ", ")), not '\(form)'.")
        }
    }

    func run() throws {
        let opened = try replica.open()
        if let xlsx {
            let data = try StatisticsReport(replica: opened).workbook(form: form, year: year, reportingUnit: unit ?? opened.node.rawValue)
            do {
                try data.write(to: URL(fileURLWithPath: xlsx), options: .atomic)
            } catch {
                throw CLIFailure(message: "cannot write the workbook to \(xlsx): \(error.localizedDescription)")
            }
            return
        }
        if csv {
            // The same text the web app's /statistics.csv serves.
            Console.raw(Data(try StatisticsReport(replica: opened).csv(form: form, year: year).utf8))
            return
        }
        let tables = try StatisticsReport(replica: opened).tables(form: form, year: year)
        for (index, table) in tables.enumerated() {
            if index > 0 { Console.line() }
            Console.line(table.title)
            var text = TextTable(header: table.header)
            text.rows = table.rows
            text.maxCellWidth = 60
            text.print()
        }
    }
}
