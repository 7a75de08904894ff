import SyncCore

extension CampaignRegistrations {
    /// What a registration says, as a form edits it: who, for which campaign, when, the pledges
    /// and the title aimed for.
    public struct Entry: Sendable, Equatable {
        public var registrant: String
        public var kind: RegistrantKind
        public var unit: String?
        public var registeredOn: CivilDate
        public var pledges: [String]
        public var target: String?

        public init(registrant: String, kind: RegistrantKind, unit: String? = nil, registeredOn: CivilDate, pledges: [String] = [], target: String? = nil) {
            self.registrant = registrant
            self.kind = kind
            self.unit = unit
            self.registeredOn = registeredOn
            self.pledges = pledges
            self.target = target
        }

        var values: [String: FieldValue] {
            ["registrant": .text(registrant), "registrant_kind": .text(kind.rawValue), "unit_id": .text(unit),
             "registered_on": .date(registeredOn), "pledges": .textList(pledges), "target_code": .text(target)]
        }
    }

    /// Every registration this replica holds, by campaign, registration date and registrant.
    public static func all(in replica: Replica) throws -> [Registration] {
        try replica.rows(TableQuery("campaign_registrations", orderedBy: [.ascending("campaign_id"), .ascending("registered_on"),
                                                                          .ascending("registrant")])).map(registration)
    }

    /// The live registration `id`, or nil.
    public static func registration(_ id: String, in replica: Replica) throws -> Registration? {
        try replica.row(in: "campaign_registrations", id: id).map(registration)
    }

    /// Rewrites registration `id` to say `entry`: only the fields that change are written, so the
    /// others keep their values (and any open conflict). `not_found` when there is none.
    public static func update(_ id: String, to entry: Entry, in replica: Replica) throws {
        let key = RecordKey(collection: "campaign_registrations", id: id)
        guard let record = try replica.record(key), !record.version.state.isDeleted else {
            throw SyncError(.notFound, "no campaign registration \(id)")
        }
        let visible = replica.visibleValues(of: record.version)
        let changed = entry.values.filter { (visible[$0.key] ?? .null) != $0.value }
        guard !changed.isEmpty else { return }
        try replica.write(LocalWrite(key: key, operation: .update, values: changed))
    }

    /// Withdraws registration `id` (rút đăng ký): the record is deleted, everywhere once synced.
    public static func withdraw(_ id: String, in replica: Replica) throws {
        let key = RecordKey(collection: "campaign_registrations", id: id)
        guard let record = try replica.record(key), !record.version.state.isDeleted else {
            throw SyncError(.notFound, "no campaign registration \(id)")
        }
        try replica.write(LocalWrite(key: key, operation: .delete))
    }
}
