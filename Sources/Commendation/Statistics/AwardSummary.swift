import SyncCore

/// One line of the board's consolidated table: how many nominations of one province for one
/// award type, split into individuals and collectives, by decision.
public struct AwardSummaryRow: Sendable, Equatable {
    public let scope: String
    public let code: String
    public let name: String
    /// `title` (danh hiệu thi đua) or the award form's category (hình thức khen thưởng).
    public let category: String
    public let individualsApproved, collectivesApproved, pending, returnedOrRejected: Int
}

extension Replica {
    /// Nominations per province and award type: approved individuals and collectives, pending,
    /// returned or rejected. Reads the visible values; a nomination in conflict counts once.
    public func awardSummary() throws -> [AwardSummaryRow] {
        let catalog = Dictionary(uniqueKeysWithValues: try records(in: "award_types").map { record in
            (record.version.key.id, visibleValues(of: record.version))
        })
        struct Key: Hashable { let scope, code: String }
        var counts: [Key: (Int, Int, Int, Int)] = [:]
        for record in try records(in: "nominations") {
            let values = visibleValues(of: record.version)
            guard case .text(let code) = values["title_code"] == .null ? values["award_form_code"] : values["title_code"] else { continue }
            let key = Key(scope: record.version.scope, code: code)
            var c = counts[key] ?? (0, 0, 0, 0)
            switch (values["board_status"], values["nominee_kind"]) {
            case (.text("approved"), .text("collective")): c.1 += 1
            case (.text("approved"), _): c.0 += 1
            case (.text("returned"), _), (.text("rejected"), _): c.3 += 1
            default: c.2 += 1
            }
            counts[key] = c
        }
        return counts.map { key, c in
            let entry = catalog[key.code] ?? [:]
            func text(_ name: String) -> String { if case .text(let s) = entry[name] { s } else { "" } }
            return AwardSummaryRow(scope: key.scope, code: key.code, name: text("name"), category: text("category"),
                                   individualsApproved: c.0, collectivesApproved: c.1, pending: c.2, returnedOrRejected: c.3)
        }.sorted { ($0.scope, $0.code) < ($1.scope, $1.code) }
    }
}
