/// The search fold of every scalar in the ranges Vietnamese text lives in (below U+0250: ASCII,
/// Latin-1, Latin Extended-A/B; U+1E00–U+1EFF, the precomposed letters with tone marks; and
/// U+2000–U+206F, general punctuation: dashes, quotes, ellipsis, spaces), taken
/// once from `TextNormalizer.foldedByUnicode`, so that folding such text is a table look-up per
/// scalar instead of a decomposition and a case mapping of the whole string. In these ranges the
/// fold of a text is the concatenation of its scalars' folds (no scalar there combines with its
/// neighbours, and none has a case mapping that depends on context), so both ways agree; the
/// search tests compare them on every scalar of the table.
enum FoldTable {
    /// A scalar's fold: the UTF-8 of the scalars it becomes, and whether it is white space (collapsed).
    struct Entry: Sendable {
        let utf8: [UInt8]
        let isWhitespace: Bool
    }

    static let latinEnd: UInt32 = 0x0250
    static let extendedAdditional: ClosedRange<UInt32> = 0x1E00...0x1EFF
    static let punctuation: ClosedRange<UInt32> = 0x2000...0x206F

    /// Every scalar the table covers, in its order.
    static var covered: [Unicode.Scalar] {
        (0..<latinEnd).compactMap(Unicode.Scalar.init) + extendedAdditional.compactMap(Unicode.Scalar.init) + punctuation.compactMap(Unicode.Scalar.init)
    }

    /// Entries for U+0000…U+024F, then U+1E00…U+1EFF, then U+2000…U+206F.
    static let entries: [Entry] = {
        let scalars = covered
        return scalars.map { scalar in
            if scalar.properties.isWhitespace { return Entry(utf8: [], isWhitespace: true) }
            var folded = String.UnicodeScalarView()
            folded.append(contentsOf: TextNormalizer.foldedScalars(String(Character(scalar))))
            return Entry(utf8: Array(String(folded).utf8), isWhitespace: false)
        }
    }()

    /// The index in `entries` of `value`, or nil outside the table's ranges.
    @inline(__always)
    static func index(of value: UInt32) -> Int? {
        if value < latinEnd { return Int(value) }
        if extendedAdditional.contains(value) { return Int(latinEnd + value - extendedAdditional.lowerBound) }
        if punctuation.contains(value) { return Int(latinEnd) + extendedAdditional.count + Int(value - punctuation.lowerBound) }
        return nil
    }

    /// Every entry's UTF-8, one after another, and for each entry where its bytes start and how
    /// many there are (`UInt32.max` for white space), so folding reads flat buffers.
    static let flat: (bytes: [UInt8], spans: [(start: UInt32, count: UInt32)]) = {
        var bytes: [UInt8] = [], spans: [(start: UInt32, count: UInt32)] = []
        for entry in entries {
            spans.append(entry.isWhitespace ? (0, .max) : (UInt32(bytes.count), UInt32(entry.utf8.count)))
            bytes += entry.utf8
        }
        return (bytes, spans)
    }()

    /// The fold of `text`, or nil when it holds a scalar outside the table (the caller folds it
    /// by Unicode then).
    static func fold(_ text: String) -> String? {
        var folder = Folder(capacity: text.utf8.count)
        return folder.append(text) ? folder.result : nil
    }

    /// Folds several texts into one, as if they were joined by spaces, without building the
    /// joined string: `append` each, then read `result`.
    struct Folder {
        private var out: [UInt8] = []
        private var pendingSpace = false

        init(capacity: Int) { out.reserveCapacity(capacity) }

        /// The folded text so far.
        var result: String { String(decoding: out, as: UTF8.self) }

        /// Adds `text`, separated from what came before by a space; false when it holds a scalar
        /// outside the table (the folder is then unusable).
        mutating func append(_ text: String) -> Bool {
            pendingSpace = !out.isEmpty
            var text = text
            return text.withUTF8 { utf8 in
                FoldTable.flat.bytes.withUnsafeBufferPointer { bytes in
                    FoldTable.flat.spans.withUnsafeBufferPointer { spans in append(utf8, bytes: bytes, spans: spans) }
                }
            }
        }

        private mutating func append(_ utf8: UnsafeBufferPointer<UInt8>, bytes: UnsafeBufferPointer<UInt8>,
                                     spans: UnsafeBufferPointer<(start: UInt32, count: UInt32)>) -> Bool {
            var i = 0
            let n = utf8.count
            while i < n {
                let lead = utf8[i]
                if lead < 0x80 {
                    // ASCII: the common case, folded without a look-up.
                    i += 1
                    if lead == 0x20 || (lead >= 0x09 && lead <= 0x0D) { pendingSpace = !out.isEmpty; continue }
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(lead >= 0x41 && lead <= 0x5A ? lead | 0x20 : lead)
                    continue
                }
                // Valid UTF-8 (a Swift string): two bytes below U+0800, three below U+10000;
                // four-byte scalars are all outside the table.
                let value: UInt32
                if lead < 0xE0 {
                    value = UInt32(lead & 0x1F) << 6 | UInt32(utf8[i + 1] & 0x3F)
                    i += 2
                } else if lead < 0xF0 {
                    value = UInt32(lead & 0x0F) << 12 | UInt32(utf8[i + 1] & 0x3F) << 6 | UInt32(utf8[i + 2] & 0x3F)
                    i += 3
                } else {
                    return false
                }
                guard let index = FoldTable.index(of: value) else { return false }
                let span = spans[index]
                if span.count == .max { pendingSpace = !out.isEmpty; continue }
                if span.count == 0 { continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[Int(span.start)..<Int(span.start + span.count)]))
            }
            return true
        }
    }
}
