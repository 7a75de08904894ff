import Foundation
import SyncCore

/// Đăng ký / giao ước thi đua: units and people register for a campaign with their pledges and
/// the title they aim for; at the end, the outcome is recorded.
public enum CampaignRegistrations {
    /// Who registers.
    public enum RegistrantKind: String, Sendable, CaseIterable { case unit, individual }

    /// One registration as `campaign registrations` lists it.
    public struct Registration: Sendable, Equatable {
        public let id: String
        public let scope: String
        public let registrant: String
        public let kind: String?
        public let registeredOn: CivilDate?
        public let pledges: [String]
        public let targetCode: String?
        public let result: String?
        public var campaign: String = ""
        public var unitID: String?
        public var resultNote: String?
    }

    /// The scope of live campaign `id`, or `not_found`.
    public static func scope(ofCampaign id: String, in replica: Replica) throws -> String {
        guard let found = try replica.record(RecordKey(collection: "campaigns", id: id)), !found.version.state.isDeleted else {
            throw SyncError(.notFound, "no campaign \(id) in \(replica.path)")
        }
        return found.version.scope
    }

    /// Registers `registrant` for campaign `campaign` (which must exist here) in `scope`, its
    /// result pending; returns the registration's id (`id`, or `CAMPAIGN-dk-…`).
    @discardableResult
    public static func register(_ registrant: String, kind: RegistrantKind, for campaign: String, on date: CivilDate, scope: String,
                                unit: String? = nil, pledges: [String] = [], target: String? = nil, id: String? = nil,
                                in replica: Replica) throws -> String {
        _ = try self.scope(ofCampaign: campaign, in: replica)
        var values: [String: FieldValue] = ["campaign_id": .text(campaign), "registrant": .text(registrant), "registrant_kind": .text(kind.rawValue),
                                            "registered_on": .date(date), "pledges": .textList(pledges), "result": .text("pending")]
        values["unit_id"] = unit.map(FieldValue.text)
        values["target_code"] = target.map(FieldValue.text)
        let id = id ?? "\(campaign)-dk-\(UUID().uuidString.prefix(8).lowercased())"
        try replica.write(LocalWrite(key: RecordKey(collection: "campaign_registrations", id: id), operation: .create(scope: scope), values: values))
        return id
    }

    /// The registrations for `campaign`, by registration date and registrant.
    public static func list(for campaign: String, in replica: Replica) throws -> [Registration] {
        try replica.rows(TableQuery("campaign_registrations", where: [.equals("campaign_id", .text(campaign))],
                                    orderedBy: [.ascending("registered_on"), .ascending("registrant")])).map(registration)
    }

    /// A registration as its table row holds it.
    static func registration(_ row: TableRow) -> Registration {
        var registration = Registration(
            id: row.id, scope: row.scope, registrant: row["registrant"].textValue ?? "", kind: row["registrant_kind"].textValue,
            registeredOn: row["registered_on"].dateValue, pledges: row["pledges"].textListValue,
            targetCode: row["target_code"].textValue, result: row["result"].textValue)
        registration.campaign = row["campaign_id"].textValue ?? ""
        registration.unitID = row["unit_id"].textValue
        registration.resultNote = row["result_note"].textValue
        return registration
    }

    /// Records whether registration `id` achieved its pledges, with an optional note.
    public static func recordResult(_ id: String, achieved: Bool, note: String? = nil, in replica: Replica) throws {
        var values: [String: FieldValue] = ["result": .text(achieved ? "achieved" : "not_achieved")]
        values["result_note"] = note.map(FieldValue.text)
        try replica.write(LocalWrite(key: RecordKey(collection: "campaign_registrations", id: id), operation: .update, values: values))
    }
}
