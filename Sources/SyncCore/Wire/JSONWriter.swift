/// Appends compact JSON to a byte buffer: the writing half of the record codec.
/// Strings are written as UTF-8 with only `"`, `\` and control characters escaped.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Writes a JSON string from UTF-8 bytes (already known to be valid UTF-8).
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var needsEscape = false
        for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C { needsEscape = true; break }
        if needsEscape {
            var runStart = 0
            for (i, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
                switch b {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
                runStart = i + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        } else {
            bytes.append(contentsOf: utf8)
        }
        bytes.append(0x22)
    }

    mutating func int(_ n: Int64) {
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        uint(n.magnitude)
    }

    mutating func uint(_ n: UInt64) {
        if n < 10 { bytes.append(UInt8(ascii: "0") + UInt8(n)); return }
        // Digits go into a stack buffer from the right, then one append.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // 24 bytes ≥ the 20 digits of UInt64.max
        withUnsafeMutableBytes(of: &digits) { buffer in
            var rest = n
            var i = buffer.count
            while rest > 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// Appends bytes that are already JSON (a stored state's parts).
    mutating func raw(_ json: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: json) }

    /// Writes a dot as `"node:counter"` without building an intermediate string.
    mutating func dot(_ dot: Dot) {
        bytes.append(0x22)
        bytes.append(contentsOf: dot.node.rawValue.utf8)   // node ids are plain ASCII: no escaping
        bytes.append(UInt8(ascii: ":"))
        uint(dot.counter)
        bytes.append(0x22)
    }
    mutating func bool(_ b: Bool) { bytes.append(contentsOf: (b ? "true" : "false").utf8) }
    mutating func null() { bytes.append(contentsOf: "null".utf8) }

    /// Writes `"key":`, preceded by a comma unless it is the first key.
    mutating func key(_ key: String, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }
}
