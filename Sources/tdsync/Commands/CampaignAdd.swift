import ArgumentParser
import SyncCore

/// The options `campaign add` and `campaign edit` share: every field but the title.
struct CampaignFields: ParsableArguments {
    @Option(help: ArgumentHelp("The campaign's slogan (khẩu hiệu).", valueName: "text"))
    var slogan: String?

    @Option(help: ArgumentHelp("The authority that launches it (cơ quan phát động).", valueName: "text"))
    var launchingAuthority: String?

    @Option(help: "The kind: regular = thường xuyên, thematic = chuyên đề, phase = theo đợt.")
    var kind: CampaignKindChoice?

    @Option(help: ArgumentHelp("The first day, YYYY-MM-DD.", valueName: "date"))
    var startsOn: String?

    @Option(help: ArgumentHelp("The last day, YYYY-MM-DD; not before --starts-on.", valueName: "date"))
    var endsOn: String?

    @Option(name: .customLong("target"), help: ArgumentHelp("A target (chỉ tiêu) of the campaign (repeatable).", valueName: "text"))
    var targets: [String] = []

    /// The fields these options set, by field name.
    var values: [String: FieldValue] {
        var values: [String: FieldValue] = [:]
        values["slogan"] = slogan.map(FieldValue.text)
        values["launching_authority"] = launchingAuthority.map(FieldValue.text)
        values["kind"] = kind.map { .text($0.rawValue) }
        values["starts_on"] = startsOn.map(FieldValue.text)
        values["ends_on"] = endsOn.map(FieldValue.text)
        values["targets"] = targets.isEmpty ? nil : .textList(targets)
        return values
    }

    func validate() throws {
        try RecordWrites.nonEmpty(launchingAuthority, flag: "--launching-authority")
        if targets.contains(where: { $0.allSatisfy(\.isWhitespace) }) { throw ValidationError("--target must not be empty.") }
        try Campaigns.checkOrder(startsOn: RecordWrites.date(startsOn, flag: "--starts-on"),
                                 endsOn: RecordWrites.date(endsOn, flag: "--ends-on"))
    }
}

/// `tdsync campaign add`: creates a campaign on the local replica.
struct CampaignAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Create a campaign and print its id.",
        discussion: """
            --scope defaults to the node's scope when it has only one; a board node's default is \
            '*', a national campaign. Give --target once per target.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: ArgumentHelp("The campaign's title (tên phong trào).", valueName: "text"))
    var title: String

    @OptionGroup var fields: CampaignFields

    @OptionGroup var record: NewRecordOptions

    func validate() throws {
        try RecordWrites.nonEmpty(title, flag: "--title")
    }

    func run() throws {
        var values = fields.values
        values["title"] = .text(title)
        try Campaigns.create(values, options: record, in: replica.open())
    }
}
