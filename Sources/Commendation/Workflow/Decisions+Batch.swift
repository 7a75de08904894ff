import Foundation
import SyncCore

extension AwardDecision {
    /// What one decision applied to many nominations did: the nominations it was recorded on,
    /// and each one refused with the engine's reason.
    public struct BatchOutcome: Sendable, Equatable {
        /// One nomination that could not take the decision.
        public struct Refusal: Sendable, Equatable {
            public let nomination: String
            public let message: String
        }

        /// The nominations decided, in the order given.
        public internal(set) var decided: [String] = []
        public internal(set) var refused: [Refusal] = []
        /// The `decisions` record written (an approval), nil for a return or rejection.
        public internal(set) var decisionID: String?
    }

    /// Whether `nomination` waits for the board: submitted, and not yet approved, returned or rejected.
    public static func awaitsDecision(_ nomination: Nomination) -> Bool {
        nomination.status == .submitted && [nil, .received, .underReview].contains(nomination.boardStatus)
    }

    /// Why nomination `id` cannot take a board decision now, nil when it can: it must exist, be
    /// submitted by its province and still wait for the board (no approval, return or rejection).
    public static func refusal(for id: String, in replica: Replica) -> SyncError? {
        let nomination: Nomination?
        do { nomination = try replica.nomination(id) } catch { return error as? SyncError ?? SyncError(.badChange, "\(error)") }
        guard let nomination else { return SyncError(.notFound, "no nomination \(id)") }
        guard nomination.status == .submitted else {
            return SyncError(.badChange, "nomination \(id) is \(nomination.status.rawValue), not submitted: only a submitted nomination takes a decision")
        }
        guard awaitsDecision(nomination) else {
            let number = nomination.decisionNumber.map { " (decision \($0))" } ?? ""
            return SyncError(.badChange, "nomination \(id) already has the board's decision: \(nomination.boardStatus?.rawValue ?? "?")\(number)")
        }
        return nil
    }

    /// Applies `decision` to every one of `nominations` that can take it (`refusal(for:in:)`), in
    /// one transaction; the others are reported, not written. An approval is one `decisions`
    /// record listing the nominations it covers, as `issue(number:…)` writes; a return or a
    /// rejection has no record of its own. Each decided nomination gets the decision's fields
    /// and a history event. Throws, writing nothing, when the decision itself is invalid, or
    /// when the engine refuses the write for every nomination (a province node deciding).
    public static func apply(_ decision: BoardDecision, to nominations: [String], awardCode: String? = nil, summary: String? = nil,
                             in replica: Replica) throws -> BatchOutcome {
        try decision.validate()
        var outcome = BatchOutcome(), ready: [(id: String, writes: [LocalWrite])] = []
        for id in nominations where !ready.contains(where: { $0.id == id }) && !outcome.refused.contains(where: { $0.nomination == id }) {
            if let refusal = refusal(for: id, in: replica) {
                outcome.refused.append(.init(nomination: id, message: refusal.messageWithCode))
                continue
            }
            do { ready.append((id, try writes(of: decision, on: id, in: replica))) } catch {
                outcome.refused.append(.init(nomination: id, message: SyncError.messageWithCode(error)))
            }
        }
        guard !ready.isEmpty else { return outcome }
        do {
            let record = decisionRecord(decision, covering: ready.map(\.id), awardCode: awardCode, summary: summary)
            try replica.write((record.map { [$0] } ?? []) + ready.flatMap(\.writes))
            outcome.decided = ready.map(\.id)
            outcome.decisionID = record?.key.id
        } catch let error as SyncError {
            // The engine refused one of them: each alone, so a bad one is refused by itself.
            for (id, writes) in ready {
                do {
                    try replica.write(writes)
                    outcome.decided.append(id)
                } catch { outcome.refused.append(.init(nomination: id, message: SyncError.messageWithCode(error))) }
            }
            guard !outcome.decided.isEmpty else { throw error }
            if let record = decisionRecord(decision, covering: outcome.decided, awardCode: awardCode, summary: summary) {
                try replica.write(record)
                outcome.decisionID = record.key.id
            }
        }
        return outcome
    }

    /// The nomination's update and its history event.
    static func writes(of decision: BoardDecision, on id: String, in replica: Replica) throws -> [LocalWrite] {
        let scope = try NominationHistory.scope(of: id, in: replica)
        return [LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: decision.values),
                NominationHistory.event(decision.outcome.rawValue, on: id, scope: scope, by: replica,
                                        reason: decision.reason, decisionNumber: decision.number)]
    }

    /// The `decisions` record of an approval covering `ids`; nil for a return or a rejection.
    static func decisionRecord(_ decision: BoardDecision, covering ids: [String], awardCode: String?, summary: String?) -> LocalWrite? {
        guard decision.outcome == .approved, let number = decision.number, let date = decision.date else { return nil }
        return decisionsRecord(number: number, date: date, authority: decision.authority, awardCode: awardCode, summary: summary, covering: ids)
    }
}
