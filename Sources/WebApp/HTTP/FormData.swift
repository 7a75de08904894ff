import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or a query string), in order.
struct FormData: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    init() {}

    /// The fields `pairs`, in order (the text fields of a multipart form).
    init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    /// Parses `name=value&…`, `+` as a space, percent escapes decoded; malformed escapes are kept as written.
    init(urlEncoded text: String) {
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            pairs.append((decode(halves[0]), halves.count > 1 ? decode(halves[1]) : ""))
        }
    }

    /// The first value of `name`, nil when absent.
    subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every non-empty value of `name` (checkboxes of one name), in order.
    func values(_ name: String) -> [String] { pairs.filter { $0.name == name && !$0.value.isEmpty }.map(\.value) }

    /// The value of `name` with surrounding spaces trimmed; nil when absent or empty.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
