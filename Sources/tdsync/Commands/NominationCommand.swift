import ArgumentParser
import SyncCore

/// `tdsync nomination`: the group of commands on nominations (đề nghị khen thưởng).
struct NominationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nomination",
        abstract: "Add, list, show, edit and delete nominations (đề nghị khen thưởng).",
        discussion: """
            A nomination proposes either an emulation title (danh hiệu, --title) or an award form \
            (hình thức khen thưởng, --award), never both. Codes come from the award catalog, \
            e.g. CSTDCS, LDTT (titles) or BK_TTG, HCLD3 (award forms).
            """,
        subcommands: [NominationAdd.self, NominationList.self, NominationShow.self, NominationEdit.self,
                      NominationDelete.self]
    )
}

/// The collection and fields the nomination commands write.
enum Nominations {
    static let collection = "nominations"

    /// The collection's spec in the schema this build speaks.
    static var spec: CollectionSpec {
        get throws { try Schema.current.requireCollection(collection) }
    }

    /// The key of nomination `id`.
    static func key(_ id: String) -> RecordKey {
        RecordKey(collection: collection, id: id)
    }

    /// The record `id` as stored (live or deleted), or a `not_found` error.
    static func load(_ id: String, from replica: Replica) throws -> RecordVersion {
        guard let stored = try replica.record(key(id)) else {
            throw SyncError(.notFound, "there is no nomination '\(id.prefix(70))' in \(replica.path)")
        }
        return stored.version
    }
}

/// `tdsync nomination delete`: marks a nomination deleted.
struct NominationDelete: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a nomination.")

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    func run() throws {
        let opened = try replica.open()
        try opened.write(LocalWrite(key: Nominations.key(id), operation: .delete))
        Console.line("deleted \(id)")
    }
}
