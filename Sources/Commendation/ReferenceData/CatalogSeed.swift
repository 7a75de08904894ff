import SyncCore

/// The award catalog and the eligibility rules as seeded records (the schema's `SeedData`). Every
/// replica builds the identical versions (node `seed`, timestamp zero, role board), so seeding the
/// same catalog everywhere never conflicts.
///
/// Each field's value carries the dot `seed:E` of the edition E that introduced it, and the
/// record's vector `{seed: edition}`. A new edition therefore supersedes the previous one's
/// record without touching the values it keeps: a board's edit of an older edition's entry (a
/// board dot the seed never covers) survives the upgrade, and only the fields the new edition
/// adds or changes take new seed dots.
enum CatalogSeed {
    /// The award catalog's edition: 1 had no validity dates, 2 adds `valid_from` (the effective
    /// date of each entry's legal basis).
    static let edition: UInt64 = 2
    /// The eligibility rules' edition (unchanged since schema 2 brought them).
    static let rulesEdition: UInt64 = 1

    /// Everything a new replica seeds: the award catalog of `edition` (this tdsync's unless a test
    /// builds an older replica), then the eligibility rules.
    static func versions(edition: UInt64 = edition) -> [RecordVersion] { awardTypes(edition: edition) + eligibilityRules() }

    private static func sibling(_ value: FieldValue, since edition: UInt64) -> [Sibling] {
        [Sibling(dot: Dot(node: .seed, counter: edition), timestamp: .zero, role: .board, value: value)]
    }

    /// The eligibility rules (schema 2), also seeded into replicas created before them.
    static func eligibilityRules() -> [RecordVersion] {
        ReferenceData.eligibilityRules.map { row in
            func value(_ value: FieldValue) -> [Sibling] { sibling(value, since: rulesEdition) }
            var fields: [String: [Sibling]] = [
                "award_code": value(.text(row.awardCode)),
                "subject": value(.text(row.subject)),
                "article": value(.text(row.article)),
                "summary": value(.text(row.summary)),
                "conditions": value(.textList(row.conditions)),
                RecordState.deletedField: value(.bool(false)),
            ]
            if let from = CivilDate(iso: row.validFrom) { fields["valid_from"] = value(.date(from)) }
            return RecordVersion(key: RecordKey(collection: "eligibility_rules", id: row.id), scope: Scope.national,
                                 state: RecordState(vv: VersionVector([.seed: rulesEdition]), fields: fields))
        }
    }

    /// The award catalog as edition `edition` seeds it (1 or later).
    static func awardTypes(edition: UInt64 = edition) -> [RecordVersion] {
        ReferenceData.awardTypes.map { row in
            func first(_ value: FieldValue) -> [Sibling] { sibling(value, since: 1) }
            var fields: [String: [Sibling]] = [
                "name": first(.text(row.name)),
                "category": first(.text(row.category)),
                "subjects": first(.textList(row.subjects)),
                "level": first(.text(row.level)),
                "decided_by": first(.text(row.decidedBy)),
                "legal_basis": first(.text(row.legalBasis)),
                RecordState.deletedField: first(.bool(false)),
            ]
            if let bonus = row.bonusBaseSalaryMultiple, let decimal = DecimalText(bonus) {
                fields["bonus_base_salary_multiple"] = first(.decimal(decimal))
            }
            if edition >= 2, let from = row.validFrom { fields["valid_from"] = sibling(.date(from), since: 2) }
            return RecordVersion(key: RecordKey(collection: "award_types", id: row.code), scope: Scope.national,
                                 state: RecordState(vv: VersionVector([.seed: edition]), fields: fields))
        }
    }
}
