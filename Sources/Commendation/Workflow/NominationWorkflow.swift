import SyncCore

/// The board's decision on one nomination: its outcome, and the decision's number, date,
/// authority and reason. A decision replaces the previous one: the fields it does not give are
/// cleared, so a returned nomination keeps no earlier approval's number, nor an approval a
/// return's reason.
public struct BoardDecision: Sendable, Equatable {
    /// What the board decided.
    public enum Outcome: String, Sendable, CaseIterable {
        case approved, returned, rejected
    }

    public var outcome: Outcome
    /// The decision's number, `<number>/QĐ-<issuer>` (needed to approve).
    public var number: String?
    /// The decision's date (needed to approve).
    public var date: CivilDate?
    public var authority: String?
    /// Why (needed to return or reject).
    public var reason: String?

    public init(_ outcome: Outcome, number: String? = nil, date: CivilDate? = nil, authority: String? = nil, reason: String? = nil) {
        self.outcome = outcome
        self.number = number
        self.date = date
        self.authority = authority
        self.reason = reason
    }

    /// Throws `wrong_type` naming what the decision lacks or gets wrong.
    public func validate() throws {
        switch outcome {
        case .approved:
            guard number != nil else { throw SyncError(.wrongType, "an approval needs a decision number, e.g. 125/QĐ-BCT") }
            guard date != nil else { throw SyncError(.wrongType, "an approval needs a decision date") }
        case .returned, .rejected:
            guard reason != nil else { throw SyncError(.wrongType, "a nomination \(outcome.rawValue) needs a reason, for the province") }
        }
        if let number, !Self.isDecisionNumber(number) {
            throw SyncError(.wrongType, "a decision number looks like <number>/QĐ-<issuer>, e.g. 125/QĐ-BCT or 12/QĐ-UBND, not '\(number.prefix(60))'")
        }
        for (name, text) in [("authority", authority), ("reason", reason)] where text?.allSatisfy(\.isWhitespace) == true {
            throw SyncError(.wrongType, "the decision's \(name) must not be empty")
        }
    }

    /// The nomination fields the decision writes: every decision field, cleared when not given.
    public var values: [String: FieldValue] {
        [
            "board_status": .text(outcome.rawValue),
            "decision_number": .text(number),
            "decision_date": date.map(FieldValue.date) ?? .null,
            "decision_authority": .text(authority),
            "board_reason": .text(reason),
        ]
    }

    /// Whether `text` reads `<digits>/QĐ-<issuer>`, the issuer being letters and digits in
    /// '-'-separated parts (BCT, UBND, TTg, BTĐKT, UBND-TĐKT).
    public static func isDecisionNumber(_ text: String) -> Bool {
        let text = TextNormalizer.nfc(text)
        guard let slash = text.firstIndex(of: "/") else { return false }
        let number = text[..<slash], rest = text[text.index(after: slash)...]
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), rest.hasPrefix("QĐ-") else { return false }
        let parts = rest.dropFirst(3).split(separator: "-", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isLetter || ($0.isASCII && $0.isNumber) } }
    }
}

/// A nomination's steps through the workflow, each one local write with its history event
/// (`nomination_events`) in the same transaction.
public enum NominationWorkflow {
    /// Creates nomination `id` in `scope` with `values` (fields without a value left out) and its
    /// history's first step, `created`, in one transaction.
    public static func create(_ id: String, scope: String, values: [String: FieldValue], in replica: Replica) throws {
        try replica.write([LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope),
                                      values: values.filter { $0.value != .null }),
                           NominationHistory.event("created", on: id, scope: scope, by: replica)])
    }

    /// The province withdraws nomination `id` from the board: its status becomes `withdrawn`.
    public static func withdraw(_ id: String, in replica: Replica) throws {
        try setStatus("withdrawn", of: id, in: replica)
    }

    /// The province submits nomination `id` to the board: its status becomes `submitted`.
    public static func submit(_ id: String, in replica: Replica) throws {
        try setStatus("submitted", of: id, in: replica)
    }

    /// Sets the province's status of `id` and records the step under the same name.
    private static func setStatus(_ status: String, of id: String, in replica: Replica) throws {
        let scope = try NominationHistory.scope(of: id, in: replica)
        try replica.write([LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: ["status": .text(status)]),
                           NominationHistory.event(status, on: id, scope: scope, by: replica)])
    }

    /// The board records `decision` on nomination `id` (see `BoardDecision`). Only a board node
    /// may: a province is refused with `field_not_owned`. Returns the fields the decision set.
    @discardableResult
    public static func decide(_ id: String, _ decision: BoardDecision, in replica: Replica) throws -> [String] {
        try decision.validate()
        let scope = try NominationHistory.scope(of: id, in: replica)
        let values = decision.values
        try replica.write([LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: values),
                           NominationHistory.event(decision.outcome.rawValue, on: id, scope: scope, by: replica,
                                                   reason: decision.reason, decisionNumber: decision.number)])
        return values.filter { $0.value != .null }.keys.sorted()
    }
}
