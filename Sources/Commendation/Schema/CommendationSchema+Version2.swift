import SyncCore

/// The collections schema version 2 added: what eligibility checks and the national statistics
/// read — a person's yearly record, initiatives, and the eligibility rules themselves (data, like
/// the catalog) — with a nomination's history, decisions and campaign registrations.
extension CollectionSpec {
    private static let content: Set<Role> = [.province, .board]
    private static let boardOnly: Set<Role> = [.board]

    /// Task ratings (xếp loại mức độ hoàn thành nhiệm vụ), worst to best.
    public static let taskRatings = ["not_completed", "completed", "good", "excellent"]
    /// Levels at which an initiative (sáng kiến) is recognised, lowest to highest.
    public static let initiativeLevels = ["unit", "ministry_or_province", "national"]

    /// A person's record for one year: rating, titles and awards received, research, discipline.
    /// Id: the person's id and the year, e.g. `hn-0042-2025`.
    public static let personYears = CollectionSpec("person_years", scope: .localOnly, fields: [
        FieldSpec("person_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength, required: true),
        FieldSpec("person_name", .text, owner: .province, writers: content, maxLength: 300, required: true),
        FieldSpec("unit_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
        FieldSpec("year", .integer, owner: .province, writers: content, required: true, range: 1945...2100),
        FieldSpec("task_rating", .text, owner: .province, writers: content, allowed: taskRatings),
        // Emulation titles (danh hiệu) conferred for this year, as catalog codes.
        FieldSpec("titles", .textList, owner: .province, writers: content, maxLength: 32),
        // Award forms (hình thức khen thưởng) decided in this year, as catalog codes.
        FieldSpec("awards", .textList, owner: .province, writers: content, maxLength: 32),
        FieldSpec("research_accepted", .bool, owner: .province, writers: content),
        FieldSpec("disciplined", .bool, owner: .province, writers: content),
        // Người trực tiếp lao động, sản xuất, công tác: counted apart in the national statistics.
        FieldSpec("direct_worker", .bool, owner: .province, writers: content),
    ])

    /// Sáng kiến: an initiative of a person, recognised at a level in a year; it may support one
    /// award only (`used_by`: the nomination it supports).
    public static let initiatives = CollectionSpec("initiatives", scope: .localOnly, fields: [
        FieldSpec("person_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength, required: true),
        FieldSpec("title", .text, owner: .province, writers: content, maxLength: 500, required: true),
        FieldSpec("year", .integer, owner: .province, writers: content, required: true, range: 1945...2100),
        FieldSpec("level", .text, owner: .province, writers: content, allowed: initiativeLevels, required: true),
        FieldSpec("used_by", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
    ])

    /// What can happen to a nomination, for its history.
    public static let nominationActions = ["created", "submitted", "withdrawn", "received", "under_review", "returned", "approved", "rejected"]

    /// One step in a nomination's history (who, when, what, why), in the nomination's scope.
    /// Written once by the node that made the step and never changed.
    public static let nominationEvents = CollectionSpec("nomination_events", scope: .any, fields: [
        FieldSpec("nomination_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength, required: true),
        FieldSpec("action", .text, owner: .province, writers: content, allowed: nominationActions, required: true),
        FieldSpec("actor", .text, owner: .province, writers: content, maxLength: 64, required: true),
        FieldSpec("at", .text, owner: .province, writers: content, maxLength: 40, required: true),
        FieldSpec("reason", .text, owner: .province, writers: content, maxLength: 5_000),
        FieldSpec("decision_number", .text, owner: .province, writers: content, maxLength: 100),
    ])

    /// Quyết định khen thưởng: one decision (number `số/QĐ-issuer`, date, authority) covering
    /// one or many nominations. National, written by the board, so every province receives it.
    public static let decisions = CollectionSpec("decisions", scope: .nationalOnly, fields: [
        FieldSpec("number", .text, owner: .board, writers: boardOnly, maxLength: 100, required: true),
        FieldSpec("date", .date, owner: .board, writers: boardOnly, required: true),
        FieldSpec("authority", .text, owner: .board, writers: boardOnly, maxLength: 300),
        FieldSpec("award_code", .text, owner: .board, writers: boardOnly, maxLength: 32),
        FieldSpec("nomination_ids", .textList, owner: .board, writers: boardOnly, maxLength: RecordID.maxLength, required: true),
        FieldSpec("summary", .text, owner: .board, writers: boardOnly, maxLength: 1_000),
    ])

    /// Đăng ký / giao ước thi đua: a unit or person registering for a campaign, with its pledges
    /// (the targets it commits to), the title it aims for, and at the end its result.
    public static let campaignRegistrations = CollectionSpec("campaign_registrations", scope: .localOnly, fields: [
        FieldSpec("campaign_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength, required: true),
        FieldSpec("registrant", .text, owner: .province, writers: content, maxLength: 300, required: true),
        FieldSpec("registrant_kind", .text, owner: .province, writers: content, allowed: ["unit", "individual"], required: true),
        FieldSpec("unit_id", .text, owner: .province, writers: content, maxLength: RecordID.maxLength),
        FieldSpec("registered_on", .date, owner: .province, writers: content, required: true),
        FieldSpec("pledges", .textList, owner: .province, writers: content, maxLength: 500),
        FieldSpec("target_code", .text, owner: .province, writers: content, maxLength: 32),
        FieldSpec("result", .text, owner: .province, writers: content, allowed: ["pending", "achieved", "not_achieved"]),
        FieldSpec("result_note", .text, owner: .province, writers: content, maxLength: 2_000),
    ])

    /// The eligibility rules, one per title or award form and subject, with the article of law and
    /// validity dates; `conditions` are lines of the rule language (`RuleCondition`).
    /// National, written by the board; seeded like the catalog.
    public static let eligibilityRules = CollectionSpec("eligibility_rules", scope: .nationalOnly, fields: [
        FieldSpec("award_code", .text, owner: .board, writers: boardOnly, maxLength: 32, required: true),
        FieldSpec("subject", .text, owner: .board, writers: boardOnly, allowed: ["individual", "collective"], required: true),
        FieldSpec("article", .text, owner: .board, writers: boardOnly, maxLength: 200, required: true),
        FieldSpec("summary", .text, owner: .board, writers: boardOnly, maxLength: 1_000),
        FieldSpec("conditions", .textList, owner: .board, writers: boardOnly, maxLength: 500, required: true),
        FieldSpec("valid_from", .date, owner: .board, writers: boardOnly),
        FieldSpec("valid_to", .date, owner: .board, writers: boardOnly),
    ])
}
