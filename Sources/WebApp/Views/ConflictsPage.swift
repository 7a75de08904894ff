import Commendation
import Foundation
import SyncCore

/// What `conflicts.mustache` draws: the replica's open conflicts, one per record field, each
/// with its concurrent values side by side.
struct ConflictsPage: Sendable {
    let chrome: Chrome
    let title: String
    let count: Int
    let conflicts: [Item]
    let notice: String?

    /// One conflicted field of one record.
    struct Item: Sendable {
        /// `collection/id/field`, as `tdsync resolve` takes it.
        let conflictID: String
        let collection: String
        let id: String
        let field: String
        /// The record as people know it (a nomination's nominee), and its dossier when it has one.
        let record: String
        let link: String?
        let fieldLabel: String
        let siblings: [Value]
        /// The engine's refusal of the last resolve of this field, and the value typed then.
        let failure: String?
        let typed: String
        /// How a new value is entered: one of `choices` (a closed list, a yes/no, a catalog
        /// code or a unit), a date picker, or text.
        let choices: [Option]
        let hasChoices: Bool
        let isDate: Bool
        let isText: Bool
    }

    /// One concurrent value: who wrote it, when, and whether readers see it now.
    struct Value: Sendable {
        let value: String
        let node: String
        let role: String
        let at: String
        let dot: String
        let shown: Bool
    }
}

extension ConflictsPage.Item {
    /// The view of `conflict`; `failure` and `typed` when a resolve of it was just refused.
    init(_ conflict: Conflict, in replica: Replica, names: Names, failure: String? = nil, typed: String = "") {
        let nomination = conflict.key.collection == "nominations"
        conflictID = "\(conflict.key.collection)/\(conflict.key.id)/\(conflict.field)"
        collection = conflict.key.collection
        id = conflict.key.id
        field = conflict.field
        let nominee = nomination ? (try? replica.nomination(conflict.key.id))?.nomineeName : nil
        record = nominee.map { "\($0) (\(conflict.key.id))" } ?? "\(conflict.key.collection)/\(conflict.key.id)"
        link = nomination ? "/nominations/\(conflict.key.id)" : nil
        fieldLabel = nomination ? Labels.field(conflict.field) : conflict.field
        siblings = conflict.siblings.map { sibling in
            ConflictsPage.Value(
                value: DossierRoutes.display(sibling.value, field: conflict.field, names: names),
                node: sibling.dot.node.rawValue, role: Labels.role(sibling.role), at: Self.time(sibling.timestamp),
                dot: sibling.dot.description, shown: sibling.dot == conflict.winner.dot)
        }
        self.failure = failure
        self.typed = typed
        let spec = replica.schema.collection(conflict.key.collection)?.field(conflict.field)
        choices = Self.choices(for: spec, names: names, typed: typed)
        hasChoices = !choices.isEmpty
        isDate = !hasChoices && spec?.type == .date
        isText = !hasChoices && !isDate
    }

    /// The values a field can take when they form a short list, labelled as the pages show
    /// them, with an empty first choice; none for free text, numbers and dates.
    static func choices(for spec: FieldSpec?, names: Names, typed: String) -> [Option] {
        guard let spec else { return [] }
        let entries: [(id: String, name: String)]
        switch spec.name {
        case "title_code": entries = names.titles
        case "award_form_code": entries = names.awardForms
        case "unit_id": entries = names.units
        case "campaign_id": entries = names.campaigns
        default:
            if spec.type == .bool { entries = [("true", "Có"), ("false", "Không")] }
            else if let allowed = spec.allowedValues {
                entries = allowed.map { ($0, DossierRoutes.display(.text($0), field: spec.name, names: names)) }
            } else { return [] }
        }
        return Names.options(entries, selected: typed.isEmpty ? nil : typed, empty: "— chọn —")
    }

    /// A hybrid clock reading as `2025-11-03 09:15:02` (UTC).
    static func time(_ timestamp: HLCTimestamp) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(timestamp.physical) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
