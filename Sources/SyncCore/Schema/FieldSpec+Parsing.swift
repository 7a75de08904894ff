import Foundation

extension FieldSpec {
    /// A value typed by a person (a CLI argument, a web form) as this field's type: whole numbers,
    /// true/false (also yes/no, 1/0, có/không), lists as a JSON array of strings; texts, dates and
    /// decimals stay text, which `validate` turns into the field's type and checks. Throws
    /// `wrong_type` naming the field.
    public func value(parsing text: String) throws -> FieldValue {
        switch type {
        case .integer:
            guard let n = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw SyncError(.wrongType, "field '\(name)' takes a whole number, not '\(text.prefix(40))'")
            }
            return .integer(n)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1", "có": return .bool(true)
            case "false", "no", "0", "không": return .bool(false)
            default: throw SyncError(.wrongType, "field '\(name)' takes true or false, not '\(text.prefix(40))'")
            }
        case .textList:
            guard let items = try? WireJSON.decode([String].self, from: Data(text.utf8)) else {
                throw SyncError(.wrongType, "field '\(name)' takes a JSON array of strings such as [\"a\",\"b\"]")
            }
            return .textList(items)
        case .text, .date, .decimal:
            return .text(text)
        }
    }
}
