import Foundation
import SyncCore

/// A decision (quyết định khen thưởng) covering many nominations, issued by the board in one
/// transaction: the `decisions` record, and on each nomination its approval and a history event.
public enum AwardDecision {
    /// One decision as `decision list` shows it.
    public struct Summary: Sendable, Equatable {
        public let number: String
        public let date: String
        public let authority: String
        public let nominations: [String]
    }

    /// The writes that issue decision `number` of `date` by `authority` for `nominations`.
    public static func issue(number: String, date: CivilDate, authority: String?, awardCode: String?, summary: String?,
                             nominations: [String], in replica: Replica) throws -> [LocalWrite] {
        guard !nominations.isEmpty else { throw SyncError(.badChange, "a decision covers at least one nomination") }
        guard Set(nominations).count == nominations.count else { throw SyncError(.badChange, "a nomination is listed twice in decision \(number)") }
        var writes = [decisionsRecord(number: number, date: date, authority: authority, awardCode: awardCode, summary: summary,
                                      covering: nominations)]
        for id in nominations {
            let scope = try NominationHistory.scope(of: id, in: replica)
            writes.append(LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: [
                "board_status": .text("approved"), "decision_number": .text(number), "decision_date": .date(date),
                "decision_authority": authority.map(FieldValue.text) ?? .null, "board_reason": .null]))
            writes.append(NominationHistory.event("approved", on: id, scope: scope, by: replica, decisionNumber: number))
        }
        return writes
    }

    /// The new `decisions` record of decision `number`, listing the nominations it covers.
    static func decisionsRecord(number: String, date: CivilDate, authority: String?, awardCode: String?, summary: String?,
                                covering nominations: [String]) -> LocalWrite {
        var values: [String: FieldValue] = ["number": .text(number), "date": .date(date), "nomination_ids": .textList(nominations)]
        values["authority"] = authority.map(FieldValue.text)
        values["award_code"] = awardCode.map(FieldValue.text)
        values["summary"] = summary.map(FieldValue.text)
        return LocalWrite(key: RecordKey(collection: "decisions", id: UUID().uuidString.lowercased()), operation: .create(scope: Scope.national), values: values)
    }

    /// Issues decision `number` (see `issue(number:…)`) in one transaction; nothing is written
    /// when any nomination is unknown.
    public static func record(number: String, date: CivilDate, authority: String?, awardCode: String?, summary: String?,
                              nominations: [String], in replica: Replica) throws {
        guard BoardDecision.isDecisionNumber(number) else {
            throw SyncError(.wrongType, "a decision number looks like <number>/QĐ-<issuer>, e.g. 125/QĐ-TTg, not '\(number.prefix(60))'")
        }
        try replica.write(try issue(number: number, date: date, authority: authority, awardCode: awardCode, summary: summary,
                                    nominations: nominations, in: replica))
    }

    /// The decisions this replica holds, newest first.
    public static func list(in replica: Replica) throws -> [Summary] {
        try replica.rows(TableQuery("decisions", orderedBy: [.descending("date"), .ascending("number")])).map { row in
            Summary(number: row["number"].textValue ?? "", date: row["date"].dateText ?? "", authority: row["authority"].textValue ?? "",
                    nominations: row["nomination_ids"].textListValue)
        }
    }
}
