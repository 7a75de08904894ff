import ArgumentParser
import SyncCore

/// `tdsync nomination`: the group of commands on nominations (đề nghị khen thưởng).
struct NominationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nomination",
        abstract: "Add, list, show, edit, submit, decide, check, trace and delete nominations (đề nghị khen thưởng).",
        discussion: """
            A nomination proposes either an emulation title (danh hiệu, --title) or an award form \
            (hình thức khen thưởng, --award), never both. Codes come from the award catalog, \
            e.g. CSTDCS, LDTT (titles) or BK_TTG, HCLD3 (award forms).

            A province writes the content and submits it (`submit`); the board records its \
            decision (`decide --approve | --return | --reject`).
            """,
        subcommands: [NominationAdd.self, NominationList.self, NominationShow.self, NominationEdit.self,
                      NominationSubmit.self, NominationDecide.self, NominationCheck.self, NominationHistoryCommand.self, NominationDelete.self]
    )
}

/// The collection the nomination commands write.
enum Nominations: RecordCollection {
    static let collection = "nominations"
    static let noun = "nomination"
}

/// `tdsync nomination delete`: marks a nomination deleted.
struct NominationDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a nomination.")

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    func run() throws {
        try Nominations.delete(id, in: replica.open())
    }
}
