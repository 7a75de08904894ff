import ArgumentParser
import SyncClient
import SyncCore

/// `tdsync resolve --take`: which concurrent value to keep (`SyncClient`'s `ConflictChoice`).
enum Take {
    /// Parses `mine`, `theirs` or `NODE:COUNTER`, or throws a usage error naming --take.
    static func choice(parsing text: String) throws -> ConflictChoice {
        switch text {
        case "mine": return .mine
        case "theirs": return .theirs
        default:
            guard let dot = try? Dot(parsing: text) else {
                throw ValidationError("--take must be mine, theirs or a dot NODE:COUNTER such as hn:12, not '\(text.prefix(60))'.")
            }
            return .dot(dot)
        }
    }

    /// The value of the conflicting field `choice` names: `not_found` when none fits, a usage
    /// error (exit 64) when several do.
    static func value(_ choice: ConflictChoice, of conflict: ConflictID, in replica: Replica) throws -> FieldValue {
        do {
            return try replica.sibling(choice, of: conflict.key, field: conflict.field).value
        } catch let ambiguous as AmbiguousChoice {
            throw ValidationError("--take \(ambiguous.message); give --take NODE:COUNTER.")
        } catch let error as SyncError where error.code == .notFound {
            throw SyncError(.notFound, "--take \(text(of: choice)): \(error.message)")
        }
    }

    private static func text(of choice: ConflictChoice) -> String {
        switch choice {
        case .mine: "mine"
        case .theirs: "theirs"
        case .dot(let dot): "\(dot)"
        }
    }
}
