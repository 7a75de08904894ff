import ArgumentParser
import SyncCore

/// `tdsync campaign`: the group of commands on emulation campaigns (phong trào thi đua).
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Add, list, show, edit and delete emulation campaigns (phong trào thi đua); register for them with pledges (đăng ký, giao ước thi đua).",
        discussion: """
            A campaign belongs to a province (--scope, by default the node's scope) or, launched \
            by the board with --scope '*', to the whole country. Nominations name their campaign \
            with `nomination add --campaign ID`. Units and people register for a campaign with \
            their pledges (`campaign register`), listed by `campaign registrations`, withdrawn by \
            `campaign unregister`; the outcome is recorded with `campaign result`.

            Examples:
              tdsync campaign add --db hn.db --id hn-2025 --kind thematic \\
                  --title "Phong trào thi đua \\"Chuyển đổi số\\" năm 2025" \\
                  --starts-on 2025-01-15 --ends-on 2025-11-30 --target "100% hồ sơ trực tuyến"
              tdsync campaign list --db hn.db
            """,
        subcommands: [CampaignAdd.self, CampaignList.self, CampaignShow.self, CampaignEdit.self, CampaignDelete.self,
                      CampaignRegister.self, CampaignRegistrationList.self, CampaignResult.self, CampaignUnregister.self]
    )
}

/// The collection the campaign commands write.
enum Campaigns: RecordCollection {
    static let collection = "campaigns"
    static let noun = "campaign"

    /// A usage error when a campaign would end before it starts. The labels say where each date
    /// comes from: a flag, or the record as stored.
    static func checkOrder(startsOn: CivilDate?, endsOn: CivilDate?,
                           labels: (starts: String, ends: String) = ("--starts-on", "--ends-on")) throws {
        guard let startsOn, let endsOn, endsOn < startsOn else { return }
        throw ValidationError("\(labels.ends) \(endsOn) is before \(labels.starts) \(startsOn): a campaign cannot end before it starts.")
    }
}

/// `tdsync campaign list`: the campaigns as an aligned table or a JSON array.
struct CampaignList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List campaigns, ordered by id.",
        discussion: "Scope * marks a national campaign. The flags column marks open conflicts and deleted records."
    )

    @OptionGroup var replica: ReplicaOptions

    @OptionGroup var options: ListOptions

    func run() throws {
        let opened = try replica.open()
        let records = try opened.records(in: Campaigns.collection, includeDeleted: options.includeDeleted)
        try RecordView.list(records, in: opened, json: options.json, columns: ["scope", "title", "kind", "starts_on", "ends_on"]) { version, values in
            [version.scope] + ["title", "kind", "starts_on", "ends_on"].map { ValueFormat.plain(values[$0] ?? .null) }
        }
    }
}

/// `tdsync campaign show`: one campaign's fields, version vector and conflicting values.
struct CampaignShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a campaign: every field's visible value and, for fields in conflict, every concurrent value."
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The campaign's id.")
    var id: String

    @Flag(help: "Print the record as JSON, with its version vector and the siblings of conflicting fields.")
    var json = false

    func run() throws {
        let opened = try replica.open()
        try RecordView.show(Campaigns.load(id, from: opened), in: opened, json: json)
    }
}

/// `tdsync campaign delete`: marks a campaign deleted.
struct CampaignDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a campaign.")

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The campaign's id.")
    var id: String

    func run() throws {
        try Campaigns.delete(id, in: replica.open())
    }
}
