/// Scopes: which part of the data a record belongs to (a province, say), or `*` for national data.
public enum Scope {
    /// The scope of national data, replicated to every node.
    public static let national = "*"
}

/// The scope codes a schema's records may live in besides `*`, and the codes retired into others.
///
/// A retired code (a province merged into another) stays valid: records keep the scope they were
/// created in — their issuer — and belong, for permissions and visibility, to its successor.
public struct ScopeRules: Sendable {
    /// How messages name a scope code.
    public struct Vocabulary: Sendable {
        /// What one scope is, e.g. `province`.
        public let noun: String
        /// A code to show in examples, e.g. `north`.
        public let example: String
        /// How messages mention the retired codes, e.g. `the retired codes such as old-north`; nil
        /// when there are none.
        public let retired: String?

        public init(noun: String, example: String, retired: String? = nil) {
            self.noun = noun
            self.example = example
            self.retired = retired
        }
    }

    /// The codes in force.
    public let codes: Set<String>
    /// Each retired code, to the code in force it now belongs to.
    public let successors: [String: String]
    public let vocabulary: Vocabulary
    private let sortedCodes: String

    public init(codes: Set<String>, successors: [String: String] = [:], vocabulary: Vocabulary) {
        self.codes = codes
        self.successors = successors
        self.vocabulary = vocabulary
        self.sortedCodes = codes.sorted().joined(separator: ", ")
    }

    /// Throws `invalid_scope` unless `scope` is `*`, a code in force or a retired one.
    public func validate(_ scope: String) throws {
        if scope == Scope.national || codes.contains(scope) || successors[scope] != nil { return }
        let retired = vocabulary.retired.map { " (and \($0))" } ?? ""
        throw SyncError(.invalidScope, "scope '\(scope.prefix(40))' is neither '*' nor a \(vocabulary.noun) code; known codes: \(sortedCodes)\(retired)")
    }

    /// The code a scope belongs to now: itself, or for a retired code its successor.
    public func successor(of scope: String) -> String { successors[scope] ?? scope }

    /// `scopes` and every retired code that now belongs to one of them.
    public func covering(_ scopes: Set<String>) -> Set<String> {
        scopes.union(successors.filter { scopes.contains($0.value) }.keys)
    }

    /// Whether a record in `scope` is visible to a node holding `scopes` (directly, or through
    /// the successor of a retired code). Every node sees national data.
    public func isVisible(_ scope: String, to scopes: Set<String>) -> Bool {
        scope == Scope.national || scopes.contains(Scope.national) || scopes.contains(scope) || scopes.contains(successor(of: scope))
    }

    /// Whether a node holding `scopes` may write a record in `scope`: it holds `*`, the scope, or
    /// the scope's successor.
    public func covers(_ scope: String, for scopes: some Collection<String>) -> Bool {
        scopes.contains(Scope.national) || scopes.contains(scope) || scopes.contains(successor(of: scope))
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
