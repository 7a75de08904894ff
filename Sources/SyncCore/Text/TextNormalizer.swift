import Foundation

/// Unicode handling for Vietnamese text: NFC for storage.
public enum TextNormalizer {
    /// The NFC (precomposed) form of `text`.
    ///
    /// Fast path: text made only of scalars below U+0300 (ASCII, Latin-1, Latin Extended-A/B, which
    /// hold ă, â, đ, ê, ô, ơ, ư) or from Latin Extended Additional (U+1E00–U+1EFF, which holds the
    /// precomposed Vietnamese letters with tone marks) is already NFC: none of those scalars
    /// combines or decomposes under NFC. Anything else goes through Foundation.
    public static func nfc(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.value < 0x300 || ($0.value >= 0x1E00 && $0.value < 0x1F00) }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}
