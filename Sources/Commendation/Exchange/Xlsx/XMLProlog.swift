import Foundation
import SyncCore

/// Watches the first bytes of a workbook part and refuses a document type declaration: no part
/// of an .xlsx file has one, and a DOCTYPE is how XML entities (the "billion laughs", external
/// files) get in. libxml2, under Foundation's XMLParser, would otherwise substitute them.
struct XMLProlog {
    private var head: [UInt8] = []
    private var decided = false
    /// How far the prolog may go before the root element.
    private static let maxProlog = 64 << 10

    /// Looks at the next chunk of the part; throws `bad_request` once the prolog holds a `<!DOCTYPE`
    /// (or any declaration other than a comment) or runs past 64 KiB without a root element.
    mutating func check(_ chunk: Data, part: String) throws {
        if decided { return }
        head.append(contentsOf: chunk.prefix(Self.maxProlog - head.count + 1))
        switch Self.scan(head) {
        case .root: decided = true
        case .declaration:
            throw SyncError(.badRequest, "the workbook part \(part) declares a document type (<!DOCTYPE …>), which no .xlsx part has; tdsync refuses it rather than expand its entities. Nothing was imported")
        case .undecided:
            if head.count > Self.maxProlog {
                throw SyncError(.badRequest, "the workbook part \(part) has no root element in its first 64 KiB; it is not a spreadsheet part")
            }
        }
    }

    private enum Verdict { case root, declaration, undecided }

    /// Skips a byte-order mark, spaces, processing instructions and comments.
    private static func scan(_ bytes: [UInt8]) -> Verdict {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func starts(_ text: String, at index: Int) -> Bool {
            let pattern = Array(text.utf8)
            return index + pattern.count <= bytes.count && Array(bytes[index..<index + pattern.count]) == pattern
        }
        func skip(past end: String, from index: Int) -> Int? {
            let pattern = Array(end.utf8)
            var j = index
            while j + pattern.count <= bytes.count {
                if Array(bytes[j..<j + pattern.count]) == pattern { return j + pattern.count }
                j += 1
            }
            return nil
        }
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case UInt8(ascii: "<"):
                if starts("<?", at: i) {
                    guard let next = skip(past: "?>", from: i + 2) else { return .undecided }
                    i = next
                } else if starts("<!--", at: i) {
                    guard let next = skip(past: "-->", from: i + 4) else { return .undecided }
                    i = next
                } else if i + 1 < bytes.count {
                    return bytes[i + 1] == UInt8(ascii: "!") ? .declaration : .root
                } else {
                    return .undecided
                }
            default:
                return .root  // not XML at all: the parser says so
            }
        }
        return .undecided
    }
}
