import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync report`: the annual statistics forms of Circular 02/2023/TT-BNV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print an annual statistics form (0601, 0602, 0603) as aligned tables or CSV.",
        discussion: """
            0601: campaigns launched in the year, by launching level (central or provincial), \
            regular, thematic or by phase, and duration. 0602: state-level commendations; 0603: \
            ministry- and province-level ones — each by type, by submitting province and by kind \
            (the campaign's kind; ad hoc without one), collective and individual, with the number \
            and share of direct workers among individuals. A commendation counts in the year of \
            its decision date (its nomination's year without one) once the board has approved it. \
            Computed from this replica: run it at the board, which holds every province.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The form: 0601, 0602 or 0603.", valueName: "form"))
    var form: String

    @Option(help: ArgumentHelp("The year.", valueName: "n"))
    var year: Int

    @Flag(help: "Print CSV (UTF-8, one block per table, a blank line between) instead of tables.")
    var csv = false

    func validate() throws {
        guard StatisticsReport.forms.contains(form) else {
            throw ValidationError("--form must be one of \(StatisticsReport.forms.joined(separator: ", ")), not '\(form)'.")
        }
    }

    func run() throws {
        let tables = try StatisticsReport(replica: replica.open()).tables(form: form, year: year)
        for (index, table) in tables.enumerated() {
            if index > 0 { Console.line() }
            if csv {
                Console.line(try table.csv())
            } else {
                Console.line(table.title)
                var text = TextTable(header: table.header)
                text.rows = table.rows
                text.maxCellWidth = 60
                text.print()
            }
        }
    }
}
