/// Appends the stored form's primitives: bytes, LEB128 varints, length-prefixed byte strings.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// An unsigned LEB128 varint: seven bits per byte, low bits first.
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func varint(_ value: Int) { varint(UInt64(value)) }

    /// A signed integer, zigzag-mapped so small magnitudes take few bytes.
    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    /// A string's UTF-8, prefixed by its length.
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            varint(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads the stored form's primitives from borrowed bytes; every read is bounds-checked and a
/// short or malformed input throws, naming the offset.
struct ByteReader {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var offset: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset >= bytes.count }

    struct Malformed: Error, CustomStringConvertible {
        let offset: Int
        let problem: String
        var description: String { "\(problem) at byte \(offset)" }
    }

    func error(_ problem: String) -> Malformed { Malformed(offset: offset, problem: problem) }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw error("the state ends early") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64, shift < 63 || b <= 1 else { throw error("a number is too long") }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
    }

    /// A varint that must be at most `limit` (a count or an index into what was read before).
    mutating func count(below limit: Int) throws -> Int {
        let value = try varint()
        guard value < UInt64(limit) else { throw error("\(value) is out of range (below \(limit) expected)") }
        return Int(value)
    }

    mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A length-prefixed byte string, borrowed.
    mutating func slice() throws -> UnsafeBufferPointer<UInt8> {
        let raw = try varint()
        guard raw <= UInt64(bytes.count - offset) else { throw error("a text runs past the end") }
        let length = Int(raw)
        defer { offset += length }
        return UnsafeBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// A length-prefixed string, which must be valid UTF-8.
    mutating func string() throws -> String {
        let raw = try slice()
        guard let text = String(validating: raw, as: UTF8.self) else { throw error("a text is not valid UTF-8") }
        return text
    }
}
