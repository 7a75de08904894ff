import Foundation

/// Strings made from bytes, kept so the same bytes read again — a field name, a node id, a
/// collection or scope, repeated in every version of a push or a page — become one shared String
/// instead of a new validated copy each time. Lookups start where the last one matched, because
/// records repeat their keys in the same order; a miss looks at a few candidates only.
struct StringInterner {
    private var strings: [String] = []
    private var next = 0
    static let capacity = 64
    /// How many kept strings a lookup compares before making a new one.
    static let probes = 6

    /// The kept string spelling `bytes`, or `make()`'s, which is then kept.
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>, make: () throws -> String) rethrows -> String {
        let count = strings.count
        if count > 0 {
            var i = next < count ? next : 0
            for _ in 0..<min(count, Self.probes) {
                if Self.spells(strings[i], bytes) {
                    next = i + 1
                    return strings[i]
                }
                i = i + 1 == count ? 0 : i + 1
            }
        }
        let made = try make()
        if count < Self.capacity {
            strings.append(made)
            next = count + 1
        } else {
            let slot = next < count ? next : 0
            strings[slot] = made
            next = slot + 1
        }
        return made
    }

    private static func spells(_ string: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard string.utf8.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        var string = string
        return string.withUTF8 { memcmp($0.baseAddress!, base, bytes.count) == 0 }
    }
}
