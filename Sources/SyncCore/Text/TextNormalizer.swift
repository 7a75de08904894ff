import Foundation

/// Unicode handling for Vietnamese text: NFC for storage, folded keys for search.
public enum TextNormalizer {
    /// The search key of `text`: lower case, tone and vowel marks removed, đ/Đ as d, runs of
    /// white space as one space — so "Nguyễn Văn Đức" and "nguyen van duc" have the same key.
    /// (NFD does not decompose đ: it is a letter of its own, mapped here by hand.)
    public static func folded(_ text: String) -> String {
        FoldTable.fold(text) ?? foldedByUnicode(text)
    }

    /// `folded` by Unicode's own decomposition and case mapping: the definition, used for text
    /// outside the Latin ranges `FoldTable` covers (and to build that table).
    static func foldedByUnicode(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in foldedScalars(text) {
            if scalar.properties.isWhitespace { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(scalar)
        }
        return String(out)
    }

    /// Decomposed, lower-cased, combining marks (tones, breve, circumflex, horn) removed, đ/Đ as d;
    /// white space not yet collapsed.
    static func foldedScalars(_ text: String) -> [Unicode.Scalar] {
        text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars.compactMap { scalar in
            if (0x0300...0x036F).contains(scalar.value) { return nil }
            return scalar.value == 0x0111 || scalar.value == 0x0110 ? "d" : scalar
        }
    }

    /// The NFC (precomposed) form of `text`.
    ///
    /// Fast path: text made only of scalars below U+0300 (ASCII, Latin-1, Latin Extended-A/B, which
    /// hold ă, â, đ, ê, ô, ơ, ư) or from Latin Extended Additional (U+1E00–U+1EFF, which holds the
    /// precomposed Vietnamese letters with tone marks) is already NFC: none of those scalars
    /// combines or decomposes under NFC. Anything else goes through Foundation.
    public static func nfc(_ text: String) -> String {
        if scan(text).knownNFC { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// One pass over a text's UTF-8: whether it is NFC by the fast-path rule above, how many code
    /// points it has, and whether it holds a NUL.
    public static func scan(_ text: String) -> (knownNFC: Bool, codePoints: Int, hasNUL: Bool) {
        var text = text
        return text.withUTF8 { utf8 in
            var known = true, count = 0, nul = false
            var i = 0
            let n = utf8.count
            while i < n {
                let b = utf8[i]
                if b & 0xC0 != 0x80 { count += 1 }
                if b < 0x80 {
                    if b == 0 { nul = true }
                } else if b >= 0xC0 {
                    // A lead byte: below U+0300 is C2…CB; U+1E00–U+1EFF is E1 B8…BB.
                    let fast = b <= 0xCB || (b == 0xE1 && i + 1 < n && utf8[i + 1] >= 0xB8 && utf8[i + 1] <= 0xBB)
                    if !fast { known = false }
                }
                i += 1
            }
            return (known, count, nul)
        }
    }
}
