import ArgumentParser
import Commendation
import SyncCore

/// `tdsync person`: a person's yearly records, which eligibility checks read.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person",
        abstract: "Record a person's year (rating, titles, awards, research, discipline) and show their history.",
        subcommands: [PersonYear.self, PersonShow.self]
    )
}

/// The rating choices of `person year`.
enum RatingChoice: String, CaseIterable, ExpressibleByArgument {
    case excellent, good, completed
    case notCompleted = "not_completed"
}

/// `tdsync person year`: creates or replaces one year of a person's record.
struct PersonYear: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: "Create or update a person's record for one year (id PERSON-YEAR).",
        discussion: """
            Titles (--title, e.g. LDTT, CSTDCS) are the emulation titles conferred for the year; \
            awards (--award, e.g. BK_BO) the award forms decided in it. Options not given keep \
            their values when the year exists; --title and --award replace the lists.
            """
    )

    @OptionGroup var replica: ReplicaOptions
    @Option(help: ArgumentHelp("The person's id.", valueName: "id")) var person: String
    @Option(help: ArgumentHelp("The person's name (needed when the year is new).", valueName: "name")) var name: String?
    @Option(help: ArgumentHelp("The year.", valueName: "n")) var year: Int
    @Option(help: ArgumentHelp("The person's unit (đơn vị) id.", valueName: "id")) var unit: String?
    @Option(help: "The task rating (xếp loại).") var rating: RatingChoice?
    @Option(help: ArgumentHelp("An emulation title conferred for the year (repeatable).", valueName: "code")) var title: [String] = []
    @Option(help: ArgumentHelp("An award form decided in the year (repeatable).", valueName: "code")) var award: [String] = []
    @Flag(inversion: .prefixedNo, help: "Whether a research project (đề tài) was accepted in the year.") var research: Bool?
    @Flag(inversion: .prefixedNo, help: "Whether the person was disciplined (kỷ luật) in the year.") var disciplined: Bool?
    @Flag(inversion: .prefixedNo, help: "Whether the person is a direct worker (người trực tiếp lao động).") var directWorker: Bool?
    @Option(help: ArgumentHelp("The province the record belongs to (default: the node's, if it has one).", valueName: "code")) var scope: String?

    func run() throws {
        let opened = try replica.open()
        let record = People.YearRecord(name: name, unit: unit, rating: rating?.rawValue, titles: title.isEmpty ? nil : title,
                                       awards: award.isEmpty ? nil : award, researchAccepted: research, disciplined: disciplined,
                                       directWorker: directWorker)
        let created = try People.recordYear(record, person: person, year: year, scope: { try scope ?? RecordWrites.defaultScope(of: opened) }, in: opened)
        Console.line("\(created ? "created" : "updated") \(People.yearID(person: person, year: year))")
    }
}

/// `tdsync person show`: a person's years and initiatives.
struct PersonShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a person's yearly records and initiatives.")

    @OptionGroup var replica: ReplicaOptions
    @Argument(help: "The person's id.") var person: String

    func run() throws {
        let history = try PersonHistory.load(person, from: replica.open())
        guard !history.years.isEmpty || !history.initiatives.isEmpty else { throw SyncError(.notFound, "no records of person \(person)") }
        var years = TextTable(header: ["year", "rating", "titles", "awards", "research", "disciplined"])
        years.rows = history.years.keys.sorted().map { year in
            let y = history.years[year]!
            return [String(year), y.rating ?? "-", y.titles.sorted().joined(separator: " "), y.awards.sorted().joined(separator: " "),
                    y.researchAccepted ? "yes" : "", y.disciplined ? "yes" : ""]
        }
        years.print()
        guard !history.initiatives.isEmpty else { return }
        Console.line()
        var initiatives = TextTable(header: ["initiative", "year", "level", "supports"])
        initiatives.rows = history.initiatives.sorted { $0.year < $1.year }.map { [$0.id, String($0.year), $0.level, $0.usedBy ?? ""] }
        initiatives.print()
    }
}

/// `tdsync initiative`: initiatives (sáng kiến), each supporting one award at most.
struct InitiativeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "initiative",
        abstract: "Record a person's initiative (sáng kiến) and the nomination it supports.",
        subcommands: [Add.self, Use.self]
    )

    enum LevelChoice: String, CaseIterable, ExpressibleByArgument {
        case unit
        case ministryOrProvince = "ministry_or_province"
        case national
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an initiative recognised at a level in a year; prints its id.")
        @OptionGroup var replica: ReplicaOptions
        @Option(help: ArgumentHelp("The person's id.", valueName: "id")) var person: String
        @Option(help: ArgumentHelp("What the initiative is.", valueName: "text")) var title: String
        @Option(help: ArgumentHelp("The year it was recognised.", valueName: "n")) var year: Int
        @Option(help: "The level that recognised it.") var level: LevelChoice
        @OptionGroup var record: NewRecordOptions

        func run() throws {
            let opened = try replica.open()
            let id = record.id ?? "\(person)-sk-\(year)-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
            try People.addInitiative(title, person: person, year: year, level: level.rawValue, id: id,
                                     scope: try record.scope ?? RecordWrites.defaultScope(of: opened), in: opened)
            Console.line(id)
        }
    }

    struct Use: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark an initiative as supporting a nomination; it then no longer counts for any other.")
        @OptionGroup var replica: ReplicaOptions
        @Argument(help: "The initiative's id.") var id: String
        @Option(help: ArgumentHelp("The nomination it supports.", valueName: "id")) var nomination: String

        func run() throws {
            try People.useInitiative(id, for: nomination, in: replica.open())
            Console.line("initiative \(id) supports \(nomination)")
        }
    }
}
