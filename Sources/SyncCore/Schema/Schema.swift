/// The replicated schema: every collection and field, declared in code.
///
/// Every node must run the same `version`; a change to a collection or field is a new version.
public struct Schema: Sendable {
    /// The schema version nodes exchange at handshake.
    public let version: Int
    /// Collections in a fixed order.
    public let collections: [CollectionSpec]
    private let byName: [String: CollectionSpec]

    public init(version: Int, collections: [CollectionSpec]) {
        self.version = version
        self.collections = collections
        self.byName = Dictionary(uniqueKeysWithValues: collections.map { ($0.name, $0) })
    }

    /// The spec of `name`, or nil.
    public func collection(_ name: String) -> CollectionSpec? { byName[name] }

    /// The spec of `name`, or an `unknown_collection` error listing the declared collections.
    public func requireCollection(_ name: String) throws -> CollectionSpec {
        if let spec = byName[name] { return spec }
        throw SyncError(.unknownCollection, "there is no collection '\(name.prefix(60))'; collections are: \(collections.map(\.name).joined(separator: ", "))")
    }

    /// The schema this build of tdsync speaks.
    public static let current = Schema(version: 2, collections: [.units, .campaigns, .awardTypes, .nominations,
                                                                 .personYears, .initiatives, .eligibilityRules,
                                                                 .nominationEvents, .decisions, .campaignRegistrations])
}

extension CollectionSpec {
    private static let content: Set<Role> = [.province, .board]
    private static let boardOnly: Set<Role> = [.board]

    /// Đơn vị: ministries, departments, corporations, enterprises, divisions.
    public static let units = CollectionSpec("units", scope: .any, fields: [
        FieldSpec("name", .text, owner: .province, writers: content, maxLength: 300, required: true),
        FieldSpec("kind", .text, owner: .province, writers: content,
                  allowed: ["ministry", "department", "corporation", "enterprise", "division", "other"]),
        FieldSpec("parent_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
        FieldSpec("province_code", .text, owner: .province, writers: content, allowed: ReferenceData.provinces.map(\.code)),
    ])

    /// Phong trào thi đua: emulation campaigns, national or provincial.
    public static let campaigns = CollectionSpec("campaigns", scope: .any, fields: [
        FieldSpec("title", .text, owner: .province, writers: content, maxLength: 500, required: true),
        FieldSpec("slogan", .text, owner: .province, writers: content, maxLength: 500),
        FieldSpec("launching_authority", .text, owner: .province, writers: content, maxLength: 300),
        FieldSpec("kind", .text, owner: .province, writers: content, allowed: ["regular", "thematic", "phase"]),
        FieldSpec("starts_on", .date, owner: .province, writers: content),
        FieldSpec("ends_on", .date, owner: .province, writers: content),
        FieldSpec("targets", .textList, owner: .province, writers: content, maxLength: 2_000),
    ])

    /// The catalog of emulation titles (danh hiệu) and award forms (hình thức); national, board-written.
    public static let awardTypes = CollectionSpec("award_types", scope: .nationalOnly, fields: [
        FieldSpec("name", .text, owner: .board, writers: boardOnly, maxLength: 300, required: true),
        FieldSpec("category", .text, owner: .board, writers: boardOnly, allowed: AwardCategory.allNames, required: true),
        FieldSpec("subjects", .textList, owner: .board, writers: boardOnly, maxLength: 20),
        FieldSpec("level", .text, owner: .board, writers: boardOnly, allowed: ["unit", "ministry_or_province", "state"]),
        FieldSpec("decided_by", .text, owner: .board, writers: boardOnly, maxLength: 200),
        FieldSpec("bonus_base_salary_multiple", .decimal, owner: .board, writers: boardOnly),
        FieldSpec("legal_basis", .text, owner: .board, writers: boardOnly, maxLength: 300),
        FieldSpec("valid_from", .date, owner: .board, writers: boardOnly),
        FieldSpec("valid_to", .date, owner: .board, writers: boardOnly),
    ])

    /// Đề nghị khen thưởng. The province owns the content and `status`; the board owns the decision.
    /// A nomination proposes either an emulation title (`title_code`) or an award form
    /// (`award_form_code`), never both, so the two are never mixed up in reports.
    public static let nominations = CollectionSpec("nominations", scope: .any, fields: [
        FieldSpec("nominee_name", .text, owner: .province, writers: content, maxLength: 300, required: true),
        FieldSpec("nominee_kind", .text, owner: .province, writers: content, allowed: ["individual", "collective"], required: true),
        FieldSpec("unit_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
        FieldSpec("title_code", .text, owner: .province, writers: content, maxLength: 32),
        FieldSpec("award_form_code", .text, owner: .province, writers: content, maxLength: 32),
        FieldSpec("campaign_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
        FieldSpec("year", .integer, owner: .province, writers: content, required: true, range: 1945...2100),
        FieldSpec("achievements", .text, owner: .province, writers: content, maxLength: 20_000),
        FieldSpec("status", .text, owner: .province, writers: content, allowed: ["draft", "submitted", "withdrawn"]),
        FieldSpec("board_status", .text, owner: .board, writers: boardOnly,
                  allowed: ["received", "under_review", "returned", "approved", "rejected"]),
        FieldSpec("decision_number", .text, owner: .board, writers: boardOnly, maxLength: 100),
        FieldSpec("decision_date", .date, owner: .board, writers: boardOnly),
        FieldSpec("decision_authority", .text, owner: .board, writers: boardOnly, maxLength: 300),
        FieldSpec("board_reason", .text, owner: .board, writers: boardOnly, maxLength: 5_000),
        // The person (their `person_years` and `initiatives`) an individual nomination is for.
        FieldSpec("person_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength, since: 2),
    ], rules: [
        .exactlyOne(["title_code", "award_form_code"]),
        .catalogReference(field: "title_code", categories: AwardCategory.titles),
        .catalogReference(field: "award_form_code", categories: AwardCategory.awardForms),
    ])
}

/// Categories of the award catalog, split into titles (danh hiệu thi đua) and award forms
/// (hình thức khen thưởng).
public enum AwardCategory {
    /// Emulation titles: Lao động tiên tiến, Chiến sĩ thi đua, Cờ thi đua …
    public static let titles = ["title"]
    /// Award forms: certificates, medals, orders and honorary titles of the State.
    public static let awardForms = ["certificate", "medal", "order", "honorary_title"]
    /// Every category name.
    public static let allNames = titles + awardForms
}

extension Schema {
    /// Gives text values of date and decimal fields their types back, as after decoding JSON
    /// (JSON carries dates and decimals as strings). Values that do not parse stay text.
    public func typed(_ state: RecordState, collection: String) -> RecordState {
        guard let spec = self.collection(collection) else { return state }
        var result = state
        for (name, siblings) in state.fields {
            guard let type = spec.field(name)?.type, type == .date || type == .decimal else { continue }
            result.fields[name] = siblings.map { sibling in
                guard case .text(let text) = sibling.value else { return sibling }
                let value: FieldValue? = type == .date ? CivilDate(iso: text).map(FieldValue.date) : DecimalText(text).map(FieldValue.decimal)
                return value.map { Sibling(dot: sibling.dot, timestamp: sibling.timestamp, role: sibling.role, value: $0) } ?? sibling
            }
        }
        return result
    }
}
