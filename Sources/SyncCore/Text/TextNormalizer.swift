import Foundation

/// Unicode handling for Vietnamese text: NFC for storage.
public enum TextNormalizer {
    /// The NFC (precomposed) form of `text`; ASCII text is returned as is without work.
    public static func nfc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCanonicalMapping
    }
}
