import ArgumentParser
import SyncCore

/// `tdsync campaign edit`: sets or clears some fields of a campaign.
struct CampaignEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change some fields of a campaign; fields not named keep their values.",
        discussion: """
            --target replaces the whole list of targets (give it once per target); \
            --clear targets empties it. A new --starts-on or --ends-on is checked against the \
            other date, given or stored: a campaign cannot end before it starts.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The campaign's id.")
    var id: String

    @Option(help: ArgumentHelp("The campaign's title.", valueName: "text"))
    var title: String?

    @OptionGroup var fields: CampaignFields

    @Option(help: ArgumentHelp("A field to set to null (repeatable), e.g. slogan.", valueName: "field"))
    var clear: [String] = []

    /// The fields this edit sets, by field name, before clearing.
    var setValues: [String: FieldValue] {
        var values = fields.values
        values["title"] = title.map(FieldValue.text)
        return values
    }

    func validate() throws {
        try RecordWrites.nonEmpty(title, flag: "--title")
        try Campaigns.validateEdit(setting: setValues, clear: clear)
    }

    func run() throws {
        let opened = try replica.open()
        if (fields.startsOn == nil) != (fields.endsOn == nil) {
            // One date is new: check it against the other as stored (unless this edit clears it).
            let stored = opened.visibleValues(of: try Campaigns.load(id, from: opened))
            func date(_ field: String, _ given: String?) -> CivilDate? {
                if let given { return CivilDate(iso: given) }
                if clear.contains(field) { return nil }
                switch stored[field] {
                case .date(let date): return date
                case .text(let text): return CivilDate(iso: text)
                default: return nil
                }
            }
            try Campaigns.checkOrder(startsOn: date("starts_on", fields.startsOn), endsOn: date("ends_on", fields.endsOn),
                                     labels: fields.startsOn == nil ? ("the stored starts_on", "--ends-on")
                                                                    : ("--starts-on", "the stored ends_on"))
        }
        try Campaigns.update(id, set: setValues, clear: clear, in: opened)
    }
}
