/// A small pull parser over UTF-8 JSON bytes, for the record format (far faster than Foundation's
/// `JSONDecoder` on Linux). Strict: rejects invalid UTF-8, control characters in strings, trailing
/// commas, numbers where integers are expected, and nesting deeper than `maxDepth`.
/// It reads borrowed bytes: use it inside the `withUnsafeBufferPointer` that lends them.
struct JSONReader {
    /// What the next value is.
    enum Kind { case object, array, string, number, bool, null }

    static let maxDepth = 32
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index = 0
    private var depth = 0
    /// Names, node ids, collections and scopes already read, shared instead of made again.
    var interner = StringInterner()

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Where the reader is, to come back to after a failed attempt at reading a value.
    var mark: (index: Int, depth: Int) {
        get { (index, depth) }
        set { (index, depth) = newValue }
    }

    /// Fails unless only white space is left.
    mutating func finish() throws {
        skipWhitespace()
        if index != bytes.count { throw error("unexpected data after the JSON value") }
    }

    mutating func peekKind() throws -> Kind {
        switch try peek() {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("expected a JSON value")
        }
    }

    /// Reads an object, calling `body` with each key; `body` must read the key's value.
    mutating func readObject(_ body: (inout JSONReader, String) throws -> Void) throws {
        // Raw keys are valid UTF-8 already (plain ASCII, or decoded by `readString`).
        try readObjectRaw { r, key in try body(&r, String(decoding: key, as: UTF8.self)) }
    }

    /// Reads an object, calling `body` with each key's UTF-8 bytes (valid only during the call);
    /// the hot paths match keys as bytes instead of making a String per key.
    mutating func readObjectRaw(_ body: (inout JSONReader, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), "an object")
        try enter()
        if try peek() == UInt8(ascii: "}") { index += 1; depth -= 1; return }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            if let plain = try readPlainASCIIString() {
                try expect(UInt8(ascii: ":"), "':' after a key")
                try body(&self, plain)
            } else {
                var key = try readString()
                try expect(UInt8(ascii: ":"), "':' after a key")
                try key.withUTF8 { try body(&self, $0) }
            }
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "}") { break }
            if next != UInt8(ascii: ",") { index -= 1; throw error("expected ',' or '}'") }
        }
        depth -= 1
    }

    /// Reads an array, calling `body` once per element; `body` must read the element.
    mutating func readArray(_ body: (inout JSONReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["), "an array")
        try enter()
        if try peek() == UInt8(ascii: "]") { index += 1; depth -= 1; return }
        while true {
            try body(&self)
            let next = try peek()
            index += 1
            if next == UInt8(ascii: "]") { break }
            if next != UInt8(ascii: ",") { index -= 1; throw error("expected ',' or ']'") }
        }
        depth -= 1
    }

    mutating func readString() throws -> String {
        let (start, end, plain) = try scanString()
        if plain {
            // The standard library's check is the RFC 3629 one (tested against `UTF8Check`).
            guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) else {
                throw error("invalid UTF-8 in a string", at: start)
            }
            return s
        }
        return try unescape(start, end)
    }

    private func unescape(_ start: Int, _ end: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\") else { out.append(b); i += 1; continue }
            i += 1
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i + 1, end)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 6 < end, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") else { throw error("lone surrogate in \\u escape", at: i) }
                    let low = try hex4(i + 3, end)
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair", at: i) }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                guard let u = Unicode.Scalar(scalar) else { throw error("lone surrogate in \\u escape", at: i) }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw error("invalid escape", at: i)
            }
            i += 1
        }
        let s: String? = out.withUnsafeBufferPointer { UTF8Check.isValid($0) ? String(decoding: $0, as: UTF8.self) : nil }
        guard let s else { throw error("invalid UTF-8 in a string", at: start) }
        return s
    }

    private func hex4(_ at: Int, _ end: Int) throws -> UInt32 {
        guard at + 4 <= end else { throw error("short \\u escape", at: at) }
        var value: UInt32 = 0
        for b in bytes[at..<at + 4] {
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw error("bad hex digit in \\u escape", at: at)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Skips a string, checking its UTF-8 and escapes.
    private mutating func skipString() throws {
        if try readPlainASCIIString() != nil { return }
        let (start, end, plain) = try scanString()
        if plain {
            guard UTF8Check.isValid(UnsafeBufferPointer(rebasing: bytes[start..<end])) else { throw error("invalid UTF-8 in a string", at: start) }
        } else {
            _ = try unescape(start, end)
        }
    }

    /// Moves past a string and returns where its contents lie and whether they hold no escape.
    private mutating func scanString() throws -> (start: Int, end: Int, plain: Bool) {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        var plain = true
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw error("control character in a string (escape it)") }
            if b == UInt8(ascii: "\\") { plain = false; index += 1 }
            index += 1
        }
        let end = index
        index += 1
        return (start, end, plain)
    }

    /// Reads a string made only of printable ASCII without escapes and returns its bytes, or
    /// returns nil without consuming anything when the next value is not such a string.
    mutating func readPlainASCIIString() throws -> UnsafeBufferPointer<UInt8>? {
        guard try peek() == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] >= 0x20, bytes[end] < 0x80, bytes[end] != UInt8(ascii: "\\") {
            end += 1
        }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        let slice = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
        index = end + 1
        return slice
    }

    /// Reads an integer that fits in 64 bits; fractions and exponents are refused.
    mutating func readInt64() throws -> Int64 {
        skipWhitespace()
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try readDigits()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer out of 64-bit range") }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw error("integer out of 64-bit range") }
        return Int64(magnitude)
    }

    /// Reads a non-negative integer that fits in 64 bits.
    mutating func readUInt64() throws -> UInt64 {
        skipWhitespace()
        return try readDigits()
    }

    private mutating func readDigits() throws -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            if o1 || o2 { throw error("integer out of 64-bit range", at: start) }
            value = sum
            index += 1
        }
        if index == start { throw error("expected an integer", at: start) }
        if index - start > 1 && bytes[start] == UInt8(ascii: "0") { throw error("leading zero in a number", at: start) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            throw error("expected an integer, found a fraction or exponent (send decimals as strings)", at: start)
        }
        return value
    }

    mutating func readBool() throws -> Bool {
        if try literal("true") { return true }
        if try literal("false") { return false }
        throw error("expected true or false")
    }

    /// Consumes `null` if it is next.
    mutating func readNullIfPresent() throws -> Bool { try literal("null") }

    /// Skips any value, checking it as strictly as reading it would, without making Strings.
    mutating func skipValue() throws {
        switch try peekKind() {
        case .object: try readObjectRaw { reader, _ in try reader.skipValue() }
        case .array: try readArray { try $0.skipValue() }
        case .string: try skipString()
        case .bool: _ = try readBool()
        case .null: _ = try readNullIfPresent()
        case .number:
            _ = try readInt64()
        }
    }

    private mutating func literal(_ word: StaticString) throws -> Bool {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { w in (0..<count).allSatisfy { bytes[index + $0] == w[$0] } }
        if matches { index += count }
        return matches
    }

    private mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of data") }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard try peek() == byte else { throw error("expected \(what)") }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    func error(_ message: String, at position: Int? = nil) -> SyncError {
        SyncError(.malformedJSON, "at byte \(position ?? index): \(message)")
    }
}

/// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), with an
/// ASCII fast path; used before the non-validating, specialised `String(decoding:as:)`.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, lower: UInt8, upper: UInt8
            switch b {
            case 0xC2...0xDF: length = 2; lower = 0x80; upper = 0xBF
            case 0xE0: length = 3; lower = 0xA0; upper = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; lower = 0x80; upper = 0xBF
            case 0xED: length = 3; lower = 0x80; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90; upper = 0xBF
            case 0xF1...0xF3: length = 4; lower = 0x80; upper = 0xBF
            case 0xF4: length = 4; lower = 0x80; upper = 0x8F
            default: return false
            }
            guard i + length <= n, bytes[i + 1] >= lower, bytes[i + 1] <= upper else { return false }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
