import ArgumentParser
import SyncClient
import SyncCore

extension HTTPTransport.Compression: ExpressibleByArgument {}

/// `--compression` and `--ca-file`: shared by the commands that talk to the hub.
struct WireOptions: ParsableArguments {
    @Option(help: "When to gzip bodies on the wire (auto: unless the hub is on this machine).")
    var compression: HTTPTransport.Compression = .automatic

    @Option(help: ArgumentHelp("CA certificates (PEM) to trust for an https hub, besides the system's (default: $TDSYNC_CA_FILE).",
                               valueName: "file"))
    var caFile: String?

    /// A session for `replica` with these options.
    func session(_ replica: Replica) throws -> SyncSession {
        try SyncSession(replica: replica, compression: compression, caFile: caFile ?? HTTPTransport.caFileFromEnvironment)
    }
}

/// The roles `tdsync init` can give a node.
enum RoleChoice: String, CaseIterable, ExpressibleByArgument {
    case province, board, reader, admin

    var role: Role {
        switch self {
        case .province: .province
        case .board: .board
        case .reader: .reader
        case .admin: .admin
        }
    }
}

/// Whether a nomination is for a person or a collective (tập thể).
enum KindChoice: String, CaseIterable, ExpressibleByArgument {
    case individual, collective
}

/// The province's status of a nomination.
enum StatusChoice: String, CaseIterable, ExpressibleByArgument {
    case draft, submitted, withdrawn
}

/// The board's status of a nomination.
enum BoardStatusChoice: String, CaseIterable, ExpressibleByArgument {
    case received
    case underReview = "under_review"
    case returned, approved, rejected
}

/// The kind of an emulation campaign (phong trào thi đua).
enum CampaignKindChoice: String, CaseIterable, ExpressibleByArgument {
    /// Thường xuyên: the yearly, standing campaign.
    case regular
    /// Chuyên đề: on one theme.
    case thematic
    /// Theo đợt: for one phase or period.
    case phase
}
