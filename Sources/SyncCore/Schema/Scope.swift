/// Scopes: which province a record belongs to, or `*` for national data.
public enum Scope {
    /// The scope of national data, replicated to every node.
    public static let national = "*"

    /// The 34 province codes in force since 1 July 2025.
    public static let provinceCodes: Set<String> = Set(ReferenceData.provinces.map(\.code))

    /// Throws `invalid_scope` unless `scope` is `*` or a known province code.
    public static func validate(_ scope: String) throws {
        if scope == national || provinceCodes.contains(scope) { return }
        throw SyncError(.invalidScope, "scope '\(scope.prefix(40))' is neither '*' nor a province code; known codes: \(provinceCodes.sorted().joined(separator: ", "))")
    }

    /// Whether a record in `scope` is visible to a node holding `scopes`. Every node sees national data.
    public static func isVisible(_ scope: String, to scopes: Set<String>) -> Bool {
        scope == national || scopes.contains(national) || scopes.contains(scope)
    }
}

/// Validation of record ids.
public enum RecordID {
    /// The longest id accepted.
    public static let maxLength = 64

    /// Throws `invalid_record_id` unless `id` is 1–64 characters from `A-Z a-z 0-9 . _ : -`.
    public static func validate(_ id: String) throws {
        let ok = !id.isEmpty && id.utf8.count <= maxLength && id.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == 0x2E || b == 0x5F || b == 0x3A || b == 0x2D
        }
        if !ok {
            throw SyncError(.invalidRecordID, "record id '\(id.prefix(70))' is invalid: use 1–\(maxLength) characters from A–Z, a–z, 0–9, '.', '_', ':' and '-'")
        }
    }
}
