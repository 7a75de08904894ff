/// The one error type of the sync engine: a stable machine code, a message that says how to fix it,
/// and an optional underlying cause.
public struct SyncError: Error, Sendable, CustomStringConvertible {
    /// A stable machine code. Codes are never renamed once shipped; new ones may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as it appears on the wire and in CLI output, e.g. `scope_violation`.
        public let rawValue: String
        /// The HTTP status a hub answers with for this code.
        public let httpStatus: Int
        /// The exit code of the `tdsync` command that fails with this code.
        public let exitCode: Int32

        init(_ rawValue: String, http: Int, exit: Int32) {
            self.rawValue = rawValue
            self.httpStatus = http
            self.exitCode = exit
        }

        public var description: String { rawValue }
        public static func == (a: Code, b: Code) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// What went wrong and how to fix it, for a person.
    public let message: String
    /// The lower-level error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// How long to wait before trying again, when the other side said (`rate_limited`).
    public let retryAfter: Duration?

    /// Makes an error with a code, a message, an optional cause and an optional wait.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil, retryAfter: Duration? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let underlying { text += " (\(underlying))" }
        return text
    }
}

extension SyncError {
    /// `message (code)`, as a page or a report shows an engine's refusal beside what it concerns.
    public var messageWithCode: String { "\(message) (\(code.rawValue))" }

    /// `messageWithCode` of a `SyncError`, the description of any other error.
    public static func messageWithCode(_ error: any Error) -> String {
        (error as? SyncError)?.messageWithCode ?? "\(error)"
    }
}

extension SyncError.Code {
    /// Every code this build knows, for reading codes back from the wire.
    public static var known: [SyncError.Code] {
        [.invalidNodeID, .invalidRecordID, .invalidScope, .unknownCollection, .unknownField, .wrongType, .badChange,
         .malformedJSON, .dotReused, .scopeMismatch, .scopeViolation, .fieldNotOwned, .foreignDot, .notFound,
         .alreadyExists, .noConflict, .replicaUnusable, .storageFailure, .unauthorized, .forbidden,
         .incompatibleProtocol, .staleSchema, .unknownNode, .bodyTooLarge, .badRequest, .hubUnreachable,
         .notConfigured, .counterExhausted, .rateLimited]
    }

    /// The code named `name` (as sent by a hub), or an unknown code carrying that name and status.
    public static func named(_ name: String, httpStatus: Int) -> SyncError.Code {
        known.first { $0.rawValue == name } ?? SyncError.Code(name, http: httpStatus, exit: 1)
    }

    // Input that a caller got wrong (exit code 2 for the CLI's usage class, 4xx on the wire).
    /// A node id that breaks the naming rules.
    public static let invalidNodeID = Self("invalid_node_id", http: 400, exit: 2)
    /// A record id that breaks the naming rules.
    public static let invalidRecordID = Self("invalid_record_id", http: 400, exit: 2)
    /// A scope that is neither `*` nor a code the schema knows.
    public static let invalidScope = Self("invalid_scope", http: 400, exit: 2)
    /// A collection the schema does not declare.
    public static let unknownCollection = Self("unknown_collection", http: 400, exit: 2)
    /// A field the collection does not declare.
    public static let unknownField = Self("unknown_field", http: 400, exit: 2)
    /// A value of the wrong type, or outside the field's allowed values.
    public static let wrongType = Self("wrong_type", http: 400, exit: 2)
    /// A record version that is malformed (a sibling its own vector does not cover, a bad timestamp…).
    public static let badChange = Self("bad_change", http: 400, exit: 2)
    /// Malformed JSON or a JSON shape the protocol does not define.
    public static let malformedJSON = Self("malformed_json", http: 400, exit: 2)
    /// A write that reuses a dot already used for different data.
    public static let dotReused = Self("dot_reused", http: 409, exit: 3)
    /// A version whose scope differs from the scope the record was created with.
    public static let scopeMismatch = Self("scope_mismatch", http: 409, exit: 3)
    /// A write outside the node's scopes.
    public static let scopeViolation = Self("scope_violation", http: 403, exit: 4)
    /// A write to a field the author's role may not write.
    public static let fieldNotOwned = Self("field_not_owned", http: 403, exit: 4)
    /// A dot authored under another node's id.
    public static let foreignDot = Self("foreign_dot", http: 403, exit: 4)
    /// A record that does not exist (or is deleted) where one was expected.
    public static let notFound = Self("not_found", http: 404, exit: 5)
    /// A record that already exists where a new one was to be created.
    public static let alreadyExists = Self("already_exists", http: 409, exit: 3)
    /// A field that has no open conflict where a resolution was asked for.
    public static let noConflict = Self("no_conflict", http: 409, exit: 3)
    /// A replica file that is missing, not initialised, corrupt or from a newer version of tdsync.
    public static let replicaUnusable = Self("replica_unusable", http: 500, exit: 6)
    /// A replica operation that failed in SQLite (disk full, I/O error…).
    public static let storageFailure = Self("storage_failure", http: 500, exit: 7)
    /// A request without a valid bearer token (missing, unknown, revoked or wrong).
    public static let unauthorized = Self("unauthorized", http: 401, exit: 8)
    /// A request the node's role is not allowed to make (an admin call by a province, say).
    public static let forbidden = Self("forbidden", http: 403, exit: 4)
    /// A client speaking another protocol version than the hub.
    public static let incompatibleProtocol = Self("incompatible_protocol", http: 409, exit: 11)
    /// A client built for another schema version than the hub's.
    public static let staleSchema = Self("stale_schema", http: 409, exit: 11)
    /// A node id that the hub has no registration for.
    public static let unknownNode = Self("unknown_node", http: 404, exit: 5)
    /// A body, batch or value over the protocol's limits.
    public static let bodyTooLarge = Self("body_too_large", http: 413, exit: 2)
    /// A request the protocol does not define (bad query parameter, unknown path or method).
    public static let badRequest = Self("bad_request", http: 400, exit: 2)
    /// A node over its request budget; the hub says when to retry (`Retry-After`), and the
    /// client waits that long and retries.
    public static let rateLimited = Self("rate_limited", http: 429, exit: 9)
    /// The hub could not be reached or did not answer (client side only; retried).
    public static let hubUnreachable = Self("hub_unreachable", http: 503, exit: 9)
    /// A replica with no hub configured was asked to sync.
    public static let notConfigured = Self("not_configured", http: 400, exit: 2)
    /// A node that has issued every counter up to 2^63-1 and cannot write any more.
    public static let counterExhausted = Self("counter_exhausted", http: 500, exit: 7)
}
