extension FieldValue {
    /// `.text` for a value, `.null` for nil.
    public static func text(_ value: String?) -> FieldValue { value.map(FieldValue.text) ?? .null }

    /// The text of a `.text` value, else nil.
    public var textValue: String? { if case .text(let s) = self { s } else { nil } }

    /// The items of a `.textList` value, else none.
    public var textListValue: [String] { if case .textList(let items) = self { items } else { [] } }

    /// The number of an `.integer` value, else nil.
    public var integerValue: Int64? { if case .integer(let n) = self { n } else { nil } }

    /// The date of a `.date` value, else nil.
    public var dateValue: CivilDate? { if case .date(let d) = self { d } else { nil } }

    /// A `.date` value as `YYYY-MM-DD`, else nil.
    public var dateText: String? { dateValue?.description }
}
