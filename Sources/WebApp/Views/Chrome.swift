import SyncCore

/// What every page's frame shows: the node, its role, the menu for that role, the forms' token.
struct Chrome: Sendable {
    let node: String
    let roleName: String
    let province: Bool
    let board: Bool
    /// The `_csrf` value every form posts back.
    let csrf: String

    init(replica: Replica, secret: LaunchSecret) {
        node = replica.node.rawValue
        roleName = Labels.role(replica.role)
        province = replica.role == .province
        board = replica.role == .board
        csrf = secret.formToken
    }
}

/// One `<option>` of a `<select>`.
struct Option: Sendable {
    let value: String
    let label: String
    let selected: Bool
}
