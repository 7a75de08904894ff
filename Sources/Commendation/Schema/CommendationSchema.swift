import SyncCore

extension Schema {
    /// The emulation-and-commendation schema (thi đua – khen thưởng), version 2: units, campaigns,
    /// the award catalog, nominations and their history, decisions, registrations, people's
    /// yearly records, initiatives and the eligibility rules; records in the 34 provinces of 2025
    /// (and the 63 before them) or national; the catalog and the rules seeded as reference data.
    public static let commendation = CommendationSchema.make(catalogEdition: CatalogSeed.edition)
}

/// How the commendation schema is put together.
public enum CommendationSchema {
    /// The schema's name, recorded in every replica of it.
    public static let name = "commendation"
    /// The schema version nodes exchange at handshake.
    public static let version = 2

    /// The schema with the award catalog of `catalogEdition` as its reference data: this
    /// release's (`Schema.commendation`), or an earlier one, for tests that build the replica of
    /// an earlier release.
    public static func make(catalogEdition: UInt64) -> Schema {
        Schema(name: name, version: version,
               collections: [.units, .campaigns, .awardTypes, .nominations, .personYears, .initiatives, .eligibilityRules,
                             .nominationEvents, .decisions, .campaignRegistrations],
               scopes: provinces, seed: SeedData(CatalogSeed.versions(edition: catalogEdition)), migrations: migrations)
    }

    /// The 34 province codes in force since 1 July 2025, and the 63 before them, each to the
    /// province it is now part of (`vinh-phuc` → `pt`).
    public static let provinces = ScopeRules(
        codes: Set(ReferenceData.provinces.map(\.code)),
        successors: Dictionary(uniqueKeysWithValues: ReferenceData.legacyProvinces.map { ($0.code, $0.successor) }),
        vocabulary: .init(noun: "province", example: "hn", retired: "the pre-2025 codes such as vinh-phuc"))
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
    ], search: ["name"])

    /// Phong trào thi đua: emulation campaigns, national or provincial.
    public static let campaigns = CollectionSpec("campaigns", scope: .any, fields: [
        FieldSpec("title", .text, owner: .province, writers: content, maxLength: 500, required: true),
        FieldSpec("slogan", .text, owner: .province, writers: content, maxLength: 500),
        FieldSpec("launching_authority", .text, owner: .province, writers: content, maxLength: 300),
        FieldSpec("kind", .text, owner: .province, writers: content, allowed: ["regular", "thematic", "phase"]),
        FieldSpec("starts_on", .date, owner: .province, writers: content),
        FieldSpec("ends_on", .date, owner: .province, writers: content),
        FieldSpec("targets", .textList, owner: .province, writers: content, maxLength: 2_000),
    ], search: ["title", "slogan", "launching_authority"])

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
    ], search: ["name"])

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
        // The person (their `person_years` and `initiatives`) an individual nomination is for (schema 2).
        FieldSpec("person_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
    ], rules: [
        .exactlyOne(["title_code", "award_form_code"]),
        AwardCategory.catalogReference(field: "title_code", categories: AwardCategory.titles),
        AwardCategory.catalogReference(field: "award_form_code", categories: AwardCategory.awardForms),
    ], search: ["nominee_name", "achievements", "unit_id", "title_code", "award_form_code"])
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

    /// The rule that `field`, when set, names an `award_types` record whose category is one of
    /// `categories`.
    static func catalogReference(field: String, categories: [String]) -> RecordRule {
        .check { record in
            guard case .text(let code) = record.value(field) else { return }
            guard case .text(let category)? = try record.value(of: "category", in: "award_types", id: code) else {
                throw SyncError(.wrongType, "'\(field)' names award type '\(code)', which is not in the catalog")
            }
            guard categories.contains(category) else {
                throw SyncError(.wrongType, "'\(field)' takes \(categories.joined(separator: "/")) codes, but '\(code)' is a \(category); titles (danh hiệu) go in title_code, award forms (hình thức) in award_form_code")
            }
        }
    }
}
