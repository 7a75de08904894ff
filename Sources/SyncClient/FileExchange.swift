import SyncCore

/// What one exchange did, version by version.
public struct ExchangeSummary: Sendable {
    /// Every version's outcome, in change-log order of the source.
    public let results: [ApplyResult]

    public var applied: Int { results.filter { $0.outcome == .applied }.count }
    public var alreadyKnown: Int { results.filter { $0.outcome == .alreadyKnown }.count }
    /// Versions that merged and left fields in conflict.
    public var conflicts: [ApplyResult] { results.filter { if case .conflict = $0.outcome { true } else { false } } }
    /// Versions the target refused, with the code and message of each.
    public var rejected: [ApplyResult] { results.filter { if case .rejected = $0.outcome { true } else { false } } }
}

/// Exchange between two replica files without a hub, for an office that carries a replica on
/// removable media: the target takes every change of the source that lies in the target's scopes.
/// Merging is the same as through a hub, so exchanging both ways in any order converges.
/// Write rules that only a hub can check (who registered with which role) are not checked here.
public enum FileExchange {
    /// Applies the source's changes to the target, page by page, each page in one transaction.
    public static func pull(into target: Replica, from source: Replica, pageSize: Int = 500) throws -> ExchangeSummary {
        let scopes = Set(try target.nodeState().scopes)
        var cursor: Int64 = 0
        var results: [ApplyResult] = []
        while true {
            let page = try source.changes(after: cursor, scopes: scopes, limit: pageSize)
            results += try target.apply(page.versions)
            cursor = page.lastSeq
            if !page.hasMore { break }
        }
        return ExchangeSummary(results: results)
    }
}
