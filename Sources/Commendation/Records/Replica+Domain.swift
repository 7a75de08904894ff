import SyncCore

/// A typed view of one collection's records.
protocol DomainRecord {
    static var collection: String { get }
    init?(_ record: StoredRecord, visible values: [String: FieldValue])
}

extension Nomination: DomainRecord { static let collection = "nominations" }
extension Campaign: DomainRecord { static let collection = "campaigns" }

/// Typed access to the domain records of a replica.
extension Replica {
    func all<T: DomainRecord>(_ type: T.Type) throws -> [T] {
        try records(in: T.collection).compactMap { T($0, visible: visibleValues(of: $0.version)) }
    }

    func one<T: DomainRecord>(_ type: T.Type, _ id: String) throws -> T? {
        guard let record = try record(RecordKey(collection: T.collection, id: id)), !record.version.state.isDeleted else { return nil }
        return T(record, visible: visibleValues(of: record.version))
    }

    /// Live nominations, by id.
    public func nominations() throws -> [Nomination] { try all(Nomination.self) }

    /// The live nomination `id`, or nil.
    public func nomination(_ id: String) throws -> Nomination? { try one(Nomination.self, id) }

    /// Creates a nomination (one local write). Board-owned fields are written only when set.
    public func add(_ nomination: Nomination) throws {
        try write(LocalWrite(key: RecordKey(collection: "nominations", id: nomination.id), operation: .create(scope: nomination.scope),
                             values: nomination.fieldValues.filter { $0.value != .null || !Self.boardFields.contains($0.key) }))
    }

    /// Saves the fields of `nomination` that differ from the stored one, as one local write;
    /// unchanged fields keep their siblings (and any open conflict). Returns the changed fields.
    @discardableResult
    public func save(_ nomination: Nomination) throws -> [String] {
        guard let stored = try self.nomination(nomination.id) else { throw SyncError(.notFound, "there is no nomination \(nomination.id)") }
        return try saveChanges(collection: "nominations", id: nomination.id, old: stored.fieldValues, new: nomination.fieldValues)
    }

    /// Live campaigns, by id.
    public func campaigns() throws -> [Campaign] { try all(Campaign.self) }

    /// The live campaign `id`, or nil.
    public func campaign(_ id: String) throws -> Campaign? { try one(Campaign.self, id) }

    /// Creates a campaign.
    public func add(_ campaign: Campaign) throws {
        try write(LocalWrite(key: RecordKey(collection: "campaigns", id: campaign.id), operation: .create(scope: campaign.scope),
                             values: campaign.fieldValues))
    }

    /// Saves the changed fields of a campaign.
    @discardableResult
    public func save(_ campaign: Campaign) throws -> [String] {
        guard let stored = try self.campaign(campaign.id) else { throw SyncError(.notFound, "there is no campaign \(campaign.id)") }
        return try saveChanges(collection: "campaigns", id: campaign.id, old: stored.fieldValues, new: campaign.fieldValues)
    }

    private static let boardFields: Set<String> = ["board_status", "decision_number", "decision_date", "decision_authority", "board_reason"]

    private func saveChanges(collection: String, id: String, old: [String: FieldValue], new: [String: FieldValue]) throws -> [String] {
        let changed = new.filter { old[$0.key] != $0.value }
        guard !changed.isEmpty else { return [] }
        try write(LocalWrite(key: RecordKey(collection: collection, id: id), operation: .update, values: changed))
        return changed.keys.sorted()
    }
}
