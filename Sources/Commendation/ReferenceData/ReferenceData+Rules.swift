/// The eligibility rules a replica starts from (Law on Emulation and Commendation 06/2022/QH15,
/// in force since 1 January 2024). Data, not code: seeded as `eligibility_rules` records that the
/// board may replace or close (`valid_to`) when the rules change. The rule language is read by
/// `RuleCondition`; each line is one condition, `|` separates alternatives and `&`
/// joins the parts of one alternative.
extension ReferenceData {
    public struct EligibilityRuleRow: Sendable {
        public let awardCode: String
        public let subject: String
        public let article: String
        public let summary: String
        public let conditions: [String]
        public let validFrom: String

        /// The record id: the award code and the subject, e.g. `CSTDCS-individual`.
        public var id: String { "\(awardCode)-\(subject)" }
    }

    public static let eligibilityRules: [EligibilityRuleRow] = [
        EligibilityRuleRow(
            awardCode: "CSTDCS", subject: "individual", article: "Law 06/2022/QH15 Art 23",
            summary: "Lao động tiên tiến in the year, and excellent completion of duties, a recognised initiative or an accepted research project",
            conditions: ["title LDTT years=1", "rating excellent years=1 | initiative unit count=1 within=1 | research within=1",
                         "no_discipline within=1"],
            validFrom: "2024-01-01"),
        EligibilityRuleRow(
            awardCode: "CSTD_BO", subject: "individual", article: "Law 06/2022/QH15 Art 22",
            summary: "3 consecutive times Chiến sĩ thi đua cơ sở, and an initiative recognised at ministry or province level",
            conditions: ["title CSTDCS years=3", "initiative ministry_or_province count=1 within=3", "no_discipline within=1"],
            validFrom: "2024-01-01"),
        EligibilityRuleRow(
            awardCode: "CSTD_TQ", subject: "individual", article: "Law 06/2022/QH15 Art 21",
            summary: "2 consecutive times Chiến sĩ thi đua cấp bộ/tỉnh, and an initiative with nationwide effect",
            conditions: ["title CSTD_BO times=2 within=6", "initiative national count=1 within=6", "no_discipline within=1"],
            validFrom: "2024-01-01"),
        EligibilityRuleRow(
            awardCode: "BK_BO", subject: "individual", article: "Law 06/2022/QH15 Art 74",
            summary: "2 consecutive times Chiến sĩ thi đua cơ sở, or 2 consecutive years of excellent completion with 2 initiatives",
            conditions: ["title CSTDCS years=2 | rating excellent years=2 & initiative unit count=2 within=2", "no_discipline within=1"],
            validFrom: "2024-01-01"),
        EligibilityRuleRow(
            awardCode: "BK_TTG", subject: "individual", article: "Law 06/2022/QH15 Art 73",
            summary: "a Bằng khen cấp bộ/tỉnh, then 5 consecutive years rated good or better with 3 times Chiến sĩ thi đua cơ sở",
            conditions: ["award BK_BO before", "rating good years=5", "title CSTDCS times=3 within=5", "no_discipline within=1"],
            validFrom: "2024-01-01"),
        EligibilityRuleRow(
            awardCode: "TTLDXS", subject: "collective", article: "Law 06/2022/QH15 Art 27",
            summary: "every member completes their duties, at least 70% are Lao động tiên tiến, at least one Chiến sĩ thi đua cơ sở",
            conditions: ["members_rating completed share=100", "members_title LDTT share=70", "members_title CSTDCS count=1"],
            validFrom: "2024-01-01"),
    ]
}
