import Foundation

/// The fast JSON codec of record states and versions: the same JSON shape as their `Codable`
/// forms (compact, keys sorted), used for storage and, later, the wire.
public enum RecordCodec {
    /// Encodes a state as `{"fields":{…},"vv":{…}}`.
    public static func encode(_ state: RecordState) -> [UInt8] {
        var w = JSONWriter()
        w.raw(UInt8(ascii: "{"))
        w.key("fields", first: true)
        writeFields(state.fields, into: &w)
        w.key("vv", first: false)
        writeVV(state.vv, into: &w)
        w.raw(UInt8(ascii: "}"))
        return w.bytes
    }

    /// Encodes a version as `{"collection":…,"fields":{…},"id":…,"scope":…,"vv":{…}}`.
    public static func encode(_ version: RecordVersion) -> [UInt8] {
        var w = JSONWriter()
        write(version, into: &w)
        return w.bytes
    }

    /// Encodes a list of siblings as a JSON array.
    public static func encode(_ siblings: [Sibling]) -> [UInt8] {
        var w = JSONWriter()
        writeSiblings(siblings, into: &w)
        return w.bytes
    }

    static func write(_ version: RecordVersion, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "{"))
        w.key("collection", first: true); w.string(version.key.collection)
        w.key("fields", first: false); writeFields(version.state.fields, into: &w)
        w.key("id", first: false); w.string(version.key.id)
        w.key("scope", first: false); w.string(version.scope)
        w.key("vv", first: false); writeVV(version.state.vv, into: &w)
        w.raw(UInt8(ascii: "}"))
    }

    /// Decodes a state; throws `malformed_json` naming the byte and the problem.
    public static func decodeState(_ bytes: [UInt8]) throws -> RecordState {
        try bytes.withUnsafeBufferPointer { try decodeState($0) }
    }

    /// Decodes a state from borrowed bytes.
    public static func decodeState(_ bytes: UnsafeBufferPointer<UInt8>) throws -> RecordState {
        var r = JSONReader(bytes)
        let state = try readState(&r)
        try r.finish()
        return state
    }

    /// Decodes one version.
    public static func decodeVersion(_ bytes: [UInt8]) throws -> RecordVersion {
        try bytes.withUnsafeBufferPointer { try decodeVersion($0) }
    }

    /// Decodes one version from borrowed bytes.
    public static func decodeVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws -> RecordVersion {
        var r = JSONReader(bytes)
        let version = try readVersion(&r)
        try r.finish()
        return version
    }

    /// Decodes a list of siblings.
    public static func decodeSiblings(_ bytes: [UInt8]) throws -> [Sibling] {
        try bytes.withUnsafeBufferPointer { buffer in
            var r = JSONReader(buffer)
            let siblings = try readSiblings(&r)
            try r.finish()
            return siblings
        }
    }

    // MARK: Writing

    private static func writeVV(_ vv: VersionVector, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "{"))
        for (i, entry) in vv.sortedEntries.enumerated() {
            w.key(entry.node.rawValue, first: i == 0)
            w.uint(entry.counter)
        }
        w.raw(UInt8(ascii: "}"))
    }

    private static func writeFields(_ fields: FieldMap, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "{"))
        for (i, (name, siblings)) in fields.enumerated() {   // already in byte order
            w.key(name, first: i == 0)
            writeSiblings(siblings, into: &w)
        }
        w.raw(UInt8(ascii: "}"))
    }

    private static func writeSiblings(_ siblings: [Sibling], into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "["))
        for (i, s) in siblings.enumerated() {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            w.raw(UInt8(ascii: "{"))
            w.key("dot", first: true); w.dot(s.dot)
            w.key("role", first: false); w.string(s.role.rawValue)
            w.key("ts", first: false)
            w.raw(UInt8(ascii: "[")); w.int(s.timestamp.physical); w.raw(UInt8(ascii: ",")); w.uint(UInt64(s.timestamp.logical)); w.raw(UInt8(ascii: "]"))
            w.key("value", first: false); writeValue(s.value, into: &w)
            w.raw(UInt8(ascii: "}"))
        }
        w.raw(UInt8(ascii: "]"))
    }

    private static func writeValue(_ value: FieldValue, into w: inout JSONWriter) {
        switch value {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .integer(let n): w.int(n)
        case .decimal(let d): w.string(d.text)
        case .text(let s): w.string(s)
        case .date(let d): w.string(d.description)
        case .textList(let items):
            w.raw(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { w.raw(UInt8(ascii: ",")) }
                w.string(item)
            }
            w.raw(UInt8(ascii: "]"))
        }
    }

    // MARK: Reading

    static func readVersion(_ r: inout JSONReader) throws -> RecordVersion {
        var collection: String?, id: String?, scope: String?, vv: VersionVector?, fields: FieldMap?
        try r.readObjectRaw { r, key in
            if key.is("fields") { try once(fields, key, r); fields = try readFields(&r) }
            else if key.is("vv") { try once(vv, key, r); vv = try readVV(&r) }
            else if key.is("id") { try once(id, key, r); id = try r.readString() }
            else if key.is("collection") { try once(collection, key, r); collection = try readInterned(&r) }
            else if key.is("scope") { try once(scope, key, r); scope = try readInterned(&r) }
            else { try r.skipValue() }
        }
        guard let collection, let id, let scope, let vv, let fields else {
            throw r.error("a record version needs collection, id, scope, vv and fields")
        }
        return RecordVersion(key: RecordKey(collection: collection, id: id), scope: scope, state: RecordState(vv: vv, fields: fields))
    }

    private static func readState(_ r: inout JSONReader) throws -> RecordState {
        var vv: VersionVector?, fields: FieldMap?
        try r.readObjectRaw { r, key in
            if key.is("fields") { try once(fields, key, r); fields = try readFields(&r) }
            else if key.is("vv") { try once(vv, key, r); vv = try readVV(&r) }
            else { try r.skipValue() }
        }
        guard let vv, let fields else { throw r.error("a record state needs vv and fields") }
        return RecordState(vv: vv, fields: fields)
    }

    private static func readVV(_ r: inout JSONReader) throws -> VersionVector {
        var entries: [NodeID: UInt64] = [:]
        try r.readObjectRaw { r, node in
            let counter = try r.readUInt64()
            guard counter <= UInt64(Int64.max) else { throw r.error("counter of \(String(decoding: node.prefix(40), as: UTF8.self)) is above 2^63-1") }
            let id = NodeID.isValid(node) ? NodeID(unchecked: r.interner.string(node) { String(decoding: node, as: UTF8.self) })
                : try NodeID(String(decoding: node, as: UTF8.self))
            if entries.updateValue(counter, forKey: id) != nil { try once(counter, node, r) }
        }
        return VersionVector(entries)
    }

    private static func readFields(_ r: inout JSONReader) throws -> FieldMap {
        var fields = FieldMap()
        try r.readObjectRaw { r, name in
            // Raw keys are valid UTF-8 (plain ASCII, or decoded by `readString`).
            let text = r.interner.string(name) { String(decoding: name, as: UTF8.self) }
            let siblings = try readSiblings(&r)
            if fields.updateValue(siblings, forKey: text) != nil { try once(siblings, name, r) }
        }
        return fields
    }

    private static func readSiblings(_ r: inout JSONReader) throws -> [Sibling] {
        var siblings: [Sibling] = []
        try r.readArray { r in siblings.append(try readSibling(&r)) }
        return siblings
    }

    private static func readSibling(_ r: inout JSONReader) throws -> Sibling {
        var dot: Dot?, ts: HLCTimestamp?, role: Role?, value: FieldValue?
        try r.readObjectRaw { r, key in
            if key.is("value") { try once(value, key, r); value = try readValue(&r) }
            else if key.is("dot") { try once(dot, key, r); dot = try readDot(&r) }
            else if key.is("role") { try once(role, key, r); role = try readRole(&r) }
            else if key.is("ts") {
                try once(ts, key, r)
                var parts: (Int64, Int64, count: Int) = (0, 0, 0)
                try r.readArray { r in
                    let n = try r.readInt64()
                    switch parts.count { case 0: parts.0 = n; case 1: parts.1 = n; default: break }
                    parts.count += 1
                }
                guard parts.count == 2, parts.0 >= 0, parts.1 >= 0, parts.1 <= Int64(UInt32.max) else {
                    throw r.error("a timestamp is [milliseconds ≥ 0, logical ≥ 0]")
                }
                ts = HLCTimestamp(physical: parts.0, logical: UInt32(parts.1))
            } else { try r.skipValue() }
        }
        guard let dot, let ts, let role else { throw r.error("a sibling needs dot, ts and role") }
        return Sibling(dot: dot, timestamp: ts, role: role, value: value ?? .null)
    }

    private static func readRole(_ r: inout JSONReader) throws -> Role {
        if let bytes = try r.readPlainASCIIString() {
            if bytes.is("province") { return .province }
            if bytes.is("board") { return .board }
            if bytes.is("reader") { return .reader }
            if bytes.is("admin") { return .admin }
            throw r.error("unknown role '\(String(decoding: bytes.prefix(40), as: UTF8.self))'")
        }
        let name = try r.readString()
        guard let parsed = Role(rawValue: name) else { throw r.error("unknown role '\(name.prefix(40))'") }
        return parsed
    }

    /// Reads a dot straight from its bytes when it is plain ASCII (the usual case).
    private static func readDot(_ r: inout JSONReader) throws -> Dot {
        guard let bytes = try r.readPlainASCIIString() else { return try Dot(parsing: try r.readString()) }
        func slow() throws -> Dot { try Dot(parsing: String(decoding: bytes, as: UTF8.self)) }
        guard let colon = bytes.lastIndex(of: UInt8(ascii: ":")), colon > 0, colon <= NodeID.maxLength else { return try slow() }
        var counter: UInt64 = 0
        let digits = bytes[(colon + 1)...]
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 19 else { return try slow() }
        for b in digits {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return try slow() }
            counter = counter &* 10 &+ UInt64(b - UInt8(ascii: "0"))
        }
        guard counter > 0, counter <= UInt64(Int64.max) else { return try slow() }
        let node = UnsafeBufferPointer(rebasing: bytes[..<colon])
        guard NodeID.isValid(node) else { return try slow() }
        return Dot(node: NodeID(unchecked: r.interner.string(node) { String(decoding: node, as: UTF8.self) }), counter: counter)
    }

    /// Reads a string that repeats from version to version (a collection, a scope) as a shared one.
    private static func readInterned(_ r: inout JSONReader) throws -> String {
        guard let bytes = try r.readPlainASCIIString() else { return try r.readString() }
        return r.interner.string(bytes) { String(decoding: bytes, as: UTF8.self) }
    }

    /// Refuses a key seen twice in one object: two readers could otherwise disagree on its value.
    private static func once<T>(_ existing: T?, _ key: UnsafeBufferPointer<UInt8>, _ r: JSONReader) throws {
        if existing != nil { throw r.error("key '\(String(decoding: key.prefix(60), as: UTF8.self))' appears twice in one object") }
    }

    private static func readValue(_ r: inout JSONReader) throws -> FieldValue {
        switch try r.peekKind() {
        case .null: _ = try r.readNullIfPresent(); return .null
        case .bool: return .bool(try r.readBool())
        case .number: return .integer(try r.readInt64())
        case .string: return .text(try r.readString())
        case .array:
            var items: [String] = []
            try r.readArray { r in items.append(try r.readString()) }
            return .textList(items)
        case .object: throw r.error("a value cannot be an object")
        }
    }
}

extension Dot {
    /// Parses `"node:counter"` (counter 1 or more, no sign or leading zero).
    public init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), case let digits = text[text.index(after: colon)...],
              digits.first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let counter = UInt64(digits), counter > 0, counter <= UInt64(Int64.max) else {
            throw SyncError(.malformedJSON, "a dot must look like \"node:counter\" with a counter of 1 or more, not \"\(text.prefix(60))\"")
        }
        self.init(node: try NodeID(String(text[..<colon])), counter: counter)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether these bytes spell `text` (an ASCII key).
    func `is`(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        guard let base = baseAddress else { return count == 0 }
        return memcmp(base, text.utf8Start, count) == 0
    }
}

/// Byte-wise (UTF-8) order of two strings, the order of keys in canonical JSON.
func utf8Precedes(_ a: String, _ b: String) -> Bool {
    var a = a, b = b
    return a.withUTF8 { x in
        b.withUTF8 { y in
            let common = Swift.min(x.count, y.count)
            if common > 0, let xb = x.baseAddress, let yb = y.baseAddress {
                let order = memcmp(xb, yb, common)
                if order != 0 { return order < 0 }
            }
            return x.count < y.count
        }
    }
}
