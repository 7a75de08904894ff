import ArgumentParser
import Commendation
import SyncCore

/// `tdsync nomination add`: creates a nomination on the local replica.
struct NominationAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a nomination and print its id.",
        discussion: """
            Give exactly one of --title and --award. --scope defaults to the node's scope when it \
            has only one. The nomination is checked against the eligibility rule of its title or \
            award (see `nomination check`); conditions that do not hold are printed as warnings \
            on standard error, and the nomination is saved all the same.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The nominee: a person's or a collective's name.", valueName: "name"))
    var nominee: String

    @Option(help: "Whether the nominee is a person or a collective.")
    var kind: KindChoice

    @Option(help: ArgumentHelp("The year the nomination is for.", valueName: "n"))
    var year: Int

    @Option(help: ArgumentHelp("An emulation title code (danh hiệu), e.g. CSTDCS.", valueName: "code"))
    var title: String?

    @Option(help: ArgumentHelp("An award form code (hình thức khen thưởng), e.g. BK_TTG.", valueName: "code"))
    var award: String?

    @Option(help: ArgumentHelp("The nominee's unit (đơn vị) id.", valueName: "id"))
    var unit: String?

    @Option(help: ArgumentHelp("The emulation campaign (phong trào) id.", valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("The achievements (thành tích) text.", valueName: "text"))
    var achievements: String?

    @Option(help: "The province's status.")
    var status: StatusChoice = .draft

    @Option(help: ArgumentHelp("The person (their yearly records and initiatives, `tdsync person`) an individual nomination is for.", valueName: "id"))
    var person: String?

    @OptionGroup var record: NewRecordOptions

    func validate() throws {
        try RecordWrites.nonEmpty(nominee, flag: "--nominee")
        switch (title, award) {
        case (nil, nil): throw ValidationError("Give one of --title (an emulation title) or --award (an award form).")
        case (.some, .some): throw ValidationError("Give only one of --title and --award: a nomination proposes a title or an award form, not both.")
        default: break
        }
    }

    func run() throws {
        var values: [String: FieldValue] = [
            "nominee_name": .text(nominee),
            "nominee_kind": .text(kind.rawValue),
            "year": .integer(Int64(year)),
            "status": .text(status.rawValue),
        ]
        values["title_code"] = title.map(FieldValue.text)
        values["award_form_code"] = award.map(FieldValue.text)
        values["unit_id"] = unit.map(FieldValue.text)
        values["campaign_id"] = campaign.map(FieldValue.text)
        values["achievements"] = achievements.map(FieldValue.text)
        values["person_id"] = person.map(FieldValue.text)
        let opened = try replica.open()
        let id = try Nominations.create(values, options: record, in: opened) { id, scope in
            [NominationHistory.event("created", on: id, scope: scope, by: opened)]
        }
        EligibilityView.warn(opened, nomination: id)
    }
}
