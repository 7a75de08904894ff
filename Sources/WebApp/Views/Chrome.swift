import SyncCore

/// What every page's frame shows: the node, its role, the menu for that role, the forms' token.
struct Chrome: Sendable {
    let node: String
    let roleName: String
    let province: Bool
    let board: Bool
    /// The `_csrf` value every form posts back.
    let csrf: String
    /// The logged-in user; nil when the launch's secret opened the app (no logout button then).
    let user: String?
    /// How many open conflicts the replica holds; nil (no badge) when none.
    let conflicts: Int?

    /// The frame for the request being answered (its visitor is `Visitor.current`).
    init(replica: Replica) {
        node = replica.node.rawValue
        roleName = Labels.role(replica.role)
        province = replica.role == .province
        board = replica.role == .board
        csrf = Visitor.current?.formToken ?? ""
        user = Visitor.current?.user
        conflicts = (try? replica.conflicts().count).flatMap { $0 > 0 ? $0 : nil }
    }
}

/// One `<option>` of a `<select>`.
struct Option: Sendable {
    let value: String
    let label: String
    let selected: Bool
}
