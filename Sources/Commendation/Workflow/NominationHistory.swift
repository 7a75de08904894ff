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
