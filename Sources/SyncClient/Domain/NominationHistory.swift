import Foundation
import SyncCore

/// A nomination's history: every step (created, submitted, returned, approved…) with who made
/// it, when and why, kept as `nomination_events` records that replicate like the rest.
public enum NominationHistory {
    /// One step.
    public struct Event: Sendable, Equatable {
        public let action: String
        public let actor: String
        public let at: String
        public let reason: String?
        public let decisionNumber: String?
    }

    /// The write that records `action` on `nomination` (in its scope) by this replica's node, now.
    public static func event(_ action: String, on nomination: String, scope: String, by replica: Replica,
                             reason: String? = nil, decisionNumber: String? = nil, at date: Date = Date()) -> LocalWrite {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let at = formatter.string(from: date)
        var values: [String: FieldValue] = ["nomination_id": .text(nomination), "action": .text(action),
                                            "actor": .text(replica.node.rawValue), "at": .text(at)]
        values["reason"] = reason.map(FieldValue.text)
        values["decision_number"] = decisionNumber.map(FieldValue.text)
        let id = "\(nomination)-\(UUID().uuidString.prefix(8).lowercased())"
        return LocalWrite(key: RecordKey(collection: "nomination_events", id: id), operation: .create(scope: scope), values: values)
    }

    /// The nomination's events as this replica holds them, oldest first. The actor shown is the
    /// node whose write the step is (its dot, which the hub checks is the pusher's own), not
    /// the `actor` text, which any writer could fill in.
    public static func events(of nomination: String, in replica: Replica) throws -> [Event] {
        try replica.records(in: "nomination_events", where: "nomination_id", is: nomination, orderedBy: ["at"]).map { record in
            let values = replica.visibleValues(of: record.version)
            let authors = record.version.state.fields["action"]?.map(\.dot.node.rawValue).sorted().joined(separator: ", ")
            return Event(action: values["action"]?.textValue ?? "", actor: authors ?? "?", at: values["at"]?.textValue ?? "",
                         reason: values["reason"]?.textValue, decisionNumber: values["decision_number"]?.textValue)
        }
    }

    /// The scope of a live nomination, or `not_found`.
    public static func scope(of nomination: String, in replica: Replica) throws -> String {
        guard let record = try replica.record(RecordKey(collection: "nominations", id: nomination)), !record.version.state.isDeleted else {
            throw SyncError(.notFound, "no nomination \(nomination)")
        }
        return record.version.scope
    }
}

/// A decision (quyết định khen thưởng) covering many nominations, issued by the board in one
/// transaction: the `decisions` record, and on each nomination its approval and a history event.
public enum AwardDecision {
    /// The writes that issue decision `number` of `date` by `authority` for `nominations`.
    public static func issue(number: String, date: CivilDate, authority: String?, awardCode: String?, summary: String?,
                             nominations: [String], in replica: Replica) throws -> [LocalWrite] {
        guard !nominations.isEmpty else { throw SyncError(.badChange, "a decision covers at least one nomination") }
        guard Set(nominations).count == nominations.count else { throw SyncError(.badChange, "a nomination is listed twice in decision \(number)") }
        var decision: [String: FieldValue] = ["number": .text(number), "date": .date(date), "nomination_ids": .textList(nominations)]
        decision["authority"] = authority.map(FieldValue.text)
        decision["award_code"] = awardCode.map(FieldValue.text)
        decision["summary"] = summary.map(FieldValue.text)
        var writes = [LocalWrite(key: RecordKey(collection: "decisions", id: UUID().uuidString.lowercased()),
                                 operation: .create(scope: Scope.national), values: decision)]
        for id in nominations {
            let scope = try NominationHistory.scope(of: id, in: replica)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: [
                "board_status": .text("approved"), "decision_number": .text(number), "decision_date": .date(date),
                "decision_authority": authority.map(FieldValue.text) ?? .null, "board_reason": .null]))
            writes.append(NominationHistory.event("approved", on: id, scope: scope, by: replica, decisionNumber: number))
        }
        return writes
    }
}
