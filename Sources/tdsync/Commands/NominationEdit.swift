import ArgumentParser
import SyncCore

/// `tdsync nomination edit`: sets or clears some fields of a nomination.
struct NominationEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change some fields of a nomination; fields not named keep their values.",
        discussion: """
            To switch from a title to an award form, set one and clear the other: \
            --award BK_TTG --clear title_code. The decision fields (--board-status, --decision-*, \
            --reason) belong to the board; a province node is refused with field_not_owned. \
            `nomination submit` and `nomination decide` are the short forms of the usual steps.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    @Option(help: ArgumentHelp("The nominee's name.", valueName: "name")) var nominee: String?
    @Option(help: "Whether the nominee is a person or a collective.") var kind: KindChoice?
    @Option(help: ArgumentHelp("The year.", valueName: "n")) var year: Int?
    @Option(help: ArgumentHelp("An emulation title code.", valueName: "code")) var title: String?
    @Option(help: ArgumentHelp("An award form code.", valueName: "code")) var award: String?
    @Option(help: ArgumentHelp("The unit id.", valueName: "id")) var unit: String?
    @Option(help: ArgumentHelp("The campaign id.", valueName: "id")) var campaign: String?
    @Option(help: ArgumentHelp("The achievements text.", valueName: "text")) var achievements: String?
    @Option(help: "The province's status.") var status: StatusChoice?
    @Option(help: "The board's status (board only).") var boardStatus: BoardStatusChoice?
    @Option(help: ArgumentHelp("The decision number (board only).", valueName: "text")) var decisionNumber: String?
    @Option(help: ArgumentHelp("The decision date, YYYY-MM-DD (board only).", valueName: "date")) var decisionDate: String?
    @Option(help: ArgumentHelp("The deciding authority (board only).", valueName: "text")) var decisionAuthority: String?
    @Option(help: ArgumentHelp("The board's reason for its decision (board only).", valueName: "text")) var reason: String?

    @Option(help: ArgumentHelp("A field to set to null (repeatable), e.g. title_code.", valueName: "field"))
    var clear: [String] = []

    /// The fields this edit sets, by field name, before clearing.
    var setValues: [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        values["nominee_name"] = nominee.map(FieldValue.text)
        values["nominee_kind"] = kind.map { .text($0.rawValue) }
        values["year"] = year.map { .integer(Int64($0)) }
        values["title_code"] = title.map(FieldValue.text)
        values["award_form_code"] = award.map(FieldValue.text)
        values["unit_id"] = unit.map(FieldValue.text)
        values["campaign_id"] = campaign.map(FieldValue.text)
        values["achievements"] = achievements.map(FieldValue.text)
        values["status"] = status.map { .text($0.rawValue) }
        values["board_status"] = boardStatus.map { .text($0.rawValue) }
        values["decision_number"] = decisionNumber.map(FieldValue.text)
        values["decision_date"] = decisionDate.map(FieldValue.text)
        values["decision_authority"] = decisionAuthority.map(FieldValue.text)
        values["board_reason"] = reason.map(FieldValue.text)
        return values
    }

    func validate() throws {
        try RecordWrites.nonEmpty(nominee, flag: "--nominee")
        try RecordWrites.date(decisionDate, flag: "--decision-date")
        try Nominations.validateEdit(setting: setValues, clear: clear)
    }

    func run() throws {
        try Nominations.update(id, set: setValues, clear: clear, in: replica.open())
    }
}
