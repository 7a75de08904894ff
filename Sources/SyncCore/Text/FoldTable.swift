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

    /// The fold of `text`, or nil when it holds a scalar outside the table (the caller folds it
    /// by Unicode then).
    static func fold(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        let entries = Self.entries
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII: the common case, folded without a look-up.
                let byte = UInt8(value)
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) { pendingSpace = !out.isEmpty; continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                continue
            }
            guard let index = index(of: value) else { return nil }
            let entry = entries[index]
            if entry.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if entry.utf8.isEmpty { continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(contentsOf: entry.utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
