import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync demo-data`: a realistic national year at the board, for demonstrations and reports.
struct DemoDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Fill a board replica with a realistic national year: 34 provinces, people, nominations, decisions.",
        discussion: """
            Creates the board replica FILE if it does not exist, then writes for each of the 34 \
            provinces of 2025: units, a regular and a thematic campaign, --people people with five \
            years of records (ratings, titles) and initiatives, Vietnamese names drawn with real \
            surname frequencies, and the year's nominations; then the board's decisions (most \
            approved, some returned). The same --seed gives the same data. Then try \
            `tdsync report --db FILE --form 0602 --year YEAR`, `tdsync search --db FILE "nguyen van"` \
            or `tdsync nomination check --db FILE ID`.
            """
    )

    @Option(help: ArgumentHelp("The board replica (created when missing).", valueName: "file"))
    var db: String

    @Option(help: ArgumentHelp("The year of the nominations.", valueName: "n"))
    var year = 2025

    @Option(help: ArgumentHelp("People per province.", valueName: "n"))
    var people = 40

    @Option(help: ArgumentHelp("The random seed.", valueName: "n"))
    var seed: UInt64 = 2025

    func validate() throws {
        guard (1950...2100).contains(year) else { throw ValidationError("--year must be 1950…2100, not \(year).") }
        guard (1...10_000).contains(people) else { throw ValidationError("--people must be 1…10000, not \(people).") }
    }

    func run() throws {
        let replica = FileManager.default.fileExists(atPath: db)
            ? try Replica.open(at: db, schema: .commendation)
            : try Replica.create(at: db, schema: .commendation, node: NodeID("board"), role: .board, scopes: [])
        var data = DemoData(year: year, peoplePerProvince: people, seed: seed)
        let (written, nominations) = try data.write(into: replica)
        Console.line("wrote \(written) records into \(db): \(ReferenceData.provinces.count) provinces, \(people) people each, "
                     + "\(nominations) nominations for \(year) with the board's decisions")
    }
}
