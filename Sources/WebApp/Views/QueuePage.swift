import Commendation
import SyncCore

/// The board's queue: submitted nominations not yet decided, by province, each with a checkbox,
/// and at the bottom one decision for every nomination ticked; after a post, what it did.
struct QueuePage: Sendable {
    /// A row and whether its box is ticked (kept when the form comes back refused).
    struct Pick: Sendable { let row: NominationRow; let checked: Bool }
    struct Group: Sendable { let province, code: String; let count: Int; let rows: [Pick] }

    /// What the last decision did: the nominations decided, and each refused with the reason.
    struct Result: Sendable {
        struct Item: Sendable { let id, nominee: String; let message: String? }
        let summary: String
        let decided: [Item]
        let refused: [Item]
        let hasDecided: Bool
        let hasRefused: Bool

        init(summary: String, decided: [Item], refused: [Item]) {
            self.summary = summary
            self.decided = decided
            self.refused = refused
            hasDecided = !decided.isEmpty
            hasRefused = !refused.isEmpty
        }
    }

    let chrome: Chrome
    let title = "Hồ sơ chờ xét duyệt"
    let groups: [Group]
    let total: Int
    /// Whether any nomination waits (the decision form is drawn only then).
    let waiting: Bool
    let decision: DecisionForm.View
    /// Why the form was refused as a whole (no nomination ticked).
    let selectionError: String?
    let result: Result?
}
