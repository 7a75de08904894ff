/// What a node is trusted with. Roles decide which fields a node may write and whose value a
/// reader sees first when a field is in conflict.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// A provincial office: writes the content of records in its own scopes.
    case province
    /// The central board: sees every scope, writes the fields only it owns (and the reference data).
    case board
    /// Reads its scopes, writes nothing.
    case reader
    /// Administers nodes on the hub; writes no records.
    case admin

    /// Parses a role name, or throws a `wrong_type` error listing the valid names.
    public init(parsing text: String) throws {
        guard let role = Role(rawValue: text) else {
            let names = Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw SyncError(.wrongType, "unknown role '\(text.prefix(40))'; expected one of: \(names)")
        }
        self = role
    }
}
