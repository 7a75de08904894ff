/// The award catalog as seeded records. Every replica builds the identical versions (dot
/// `seed:1`, timestamp zero, role board), so seeding the same catalog everywhere never conflicts.
enum CatalogSeed {
    /// The catalog's version: a new catalog edition is seeded at a higher counter, superseding this one.
    static let edition: UInt64 = 1

    static func versions() -> [RecordVersion] { awardTypes() + eligibilityRules() }

    private static let dot = Dot(node: .seed, counter: edition)
    private static func sibling(_ value: FieldValue) -> [Sibling] { [Sibling(dot: dot, timestamp: .zero, role: .board, value: value)] }

    /// The eligibility rules (schema 2), also seeded into replicas created before them.
    static func eligibilityRules() -> [RecordVersion] {
        ReferenceData.eligibilityRules.map { row in
            var fields: [String: [Sibling]] = [
                "award_code": sibling(.text(row.awardCode)),
                "subject": sibling(.text(row.subject)),
                "article": sibling(.text(row.article)),
                "summary": sibling(.text(row.summary)),
                "conditions": sibling(.textList(row.conditions)),
                RecordState.deletedField: sibling(.bool(false)),
            ]
            if let from = CivilDate(iso: row.validFrom) { fields["valid_from"] = sibling(.date(from)) }
            return RecordVersion(key: RecordKey(collection: "eligibility_rules", id: row.id), scope: Scope.national,
                                 state: RecordState(vv: VersionVector([.seed: edition]), fields: fields))
        }
    }

    private static func awardTypes() -> [RecordVersion] {
        ReferenceData.awardTypes.map { row in
            var fields: [String: [Sibling]] = [
                "name": sibling(.text(row.name)),
                "category": sibling(.text(row.category)),
                "subjects": sibling(.textList(row.subjects)),
                "level": sibling(.text(row.level)),
                "decided_by": sibling(.text(row.decidedBy)),
                "legal_basis": sibling(.text(row.legalBasis)),
                RecordState.deletedField: sibling(.bool(false)),
            ]
            if let bonus = row.bonusBaseSalaryMultiple, let decimal = DecimalText(bonus) {
                fields["bonus_base_salary_multiple"] = sibling(.decimal(decimal))
            }
            return RecordVersion(key: RecordKey(collection: "award_types", id: row.code), scope: Scope.national,
                                 state: RecordState(vv: VersionVector([.seed: edition]), fields: fields))
        }
    }
}
