/// Scopes: which province a record belongs to, or `*` for national data.
public enum Scope {
    /// The scope of national data, replicated to every node.
    public static let national = "*"

    /// The 34 province codes in force since 1 July 2025.
    public static let provinceCodes: Set<String> = Set(ReferenceData.provinces.map(\.code))

    /// The scopes of provinces merged into another on 1 July 2025, each to the province it is now
    /// part of (`vinh-phuc` → `pt`). Records keep the scope they were created in — their issuer —
    /// and belong, for permissions and visibility, to the successor.
    public static let legacySuccessors: [String: String] = Dictionary(uniqueKeysWithValues: ReferenceData.legacyProvinces.map { ($0.code, $0.successor) })

    /// Throws `invalid_scope` unless `scope` is `*`, a province code, or the code of a province
    /// merged in 2025.
    public static func validate(_ scope: String) throws {
        if scope == national || provinceCodes.contains(scope) || legacySuccessors[scope] != nil { return }
        throw SyncError(.invalidScope, "scope '\(scope.prefix(40))' is neither '*' nor a province code; known codes: \(provinceCodes.sorted().joined(separator: ", ")) (and the pre-2025 codes such as vinh-phuc)")
    }

    /// The province a scope belongs to now: itself, or for a merged province its successor.
    public static func successor(of scope: String) -> String { legacySuccessors[scope] ?? scope }

    /// `scopes` and every merged province's scope that now belongs to one of them.
    public static func covering(_ scopes: Set<String>) -> Set<String> {
        scopes.union(legacySuccessors.filter { scopes.contains($0.value) }.keys)
    }

    /// Whether a record in `scope` is visible to a node holding `scopes` (directly, or as the
    /// successor of a merged province). Every node sees national data.
    public static func isVisible(_ scope: String, to scopes: Set<String>) -> Bool {
        scope == national || scopes.contains(national) || scopes.contains(scope) || scopes.contains(successor(of: scope))
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
