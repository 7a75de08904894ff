extension StoredState {
    /// Writes the wire JSON of a version (`{"collection":…,"fields":{…},"id":…,"scope":…,"vv":{…}}`,
    /// protocol.md §3) straight from its stored state: the bytes `RecordCodec.encode` gives for the
    /// decoded version, without building it.
    static func writeVersion(key: RecordKey, scope: String, state bytes: UnsafeBufferPointer<UInt8>, layout: FieldLayout,
                             into w: inout JSONWriter) throws {
        let header = try readHeader(bytes)
        var r = ByteReader(bytes, offset: header.fieldsOffset)
        // Where each stored field's siblings begin, by position.
        let fieldCount = try r.count(below: layout.names.count + 1)
        var starts = [Int](repeating: -1, count: layout.names.count)
        for _ in 0..<fieldCount {
            let position = try r.count(below: layout.names.count)
            guard starts[position] < 0 else { throw r.error("a field stored twice") }
            starts[position] = r.offset
            let siblingCount = try r.count(below: header.writes.count + 1)
            for _ in 0..<siblingCount {
                _ = try r.count(below: header.writes.count)
                try skipValue(&r)
            }
        }
        guard r.isAtEnd else { throw r.error("bytes after the last field") }
        // Each write's `{"dot":…,"role":…,"ts":[…],"value":` once: every field it wrote repeats it.
        let prefixes: [[UInt8]] = header.writes.map { write in
            var p = JSONWriter(capacity: 80)
            p.raw(UInt8(ascii: "{"))
            p.key("dot", first: true); p.dot(header.dot(of: write))
            p.key("role", first: false); p.string(write.role.rawValue)
            p.key("ts", first: false)
            p.raw(UInt8(ascii: "[")); p.int(write.timestamp.physical); p.raw(UInt8(ascii: ",")); p.uint(UInt64(write.timestamp.logical)); p.raw(UInt8(ascii: "]"))
            p.key("value", first: false)
            return p.bytes
        }
        w.raw(UInt8(ascii: "{"))
        w.key("collection", first: true); w.string(key.collection)
        w.key("fields", first: false)
        w.raw(UInt8(ascii: "{"))
        var first = true
        for position in layout.jsonOrder where starts[position] >= 0 {
            if !first { w.raw(UInt8(ascii: ",")) }
            first = false
            layout.jsonKeys[position].withUnsafeBufferPointer { w.raw($0) }
            var field = ByteReader(bytes, offset: starts[position])
            let siblingCount = try field.varint()
            w.raw(UInt8(ascii: "["))
            for i in 0..<siblingCount {
                if i > 0 { w.raw(UInt8(ascii: ",")) }
                prefixes[Int(try field.varint())].withUnsafeBufferPointer { w.raw($0) }
                try writeJSONValue(&field, into: &w)
                w.raw(UInt8(ascii: "}"))
            }
            w.raw(UInt8(ascii: "]"))
        }
        w.raw(UInt8(ascii: "}"))
        w.key("id", first: false); w.string(key.id)
        w.key("scope", first: false); w.string(scope)
        w.key("vv", first: false)
        w.raw(UInt8(ascii: "{"))
        for (i, node) in header.nodes.enumerated() {
            w.key(node.rawValue, first: i == 0)
            w.uint(header.counters[i])
        }
        w.raw(UInt8(ascii: "}"))
        w.raw(UInt8(ascii: "}"))
    }

    /// Copies one stored value as JSON (texts are valid UTF-8: they were checked when stored and
    /// are checked again here).
    private static func writeJSONValue(_ r: inout ByteReader, into w: inout JSONWriter) throws {
        guard let tag = Tag(rawValue: try r.byte()) else { throw r.error("an unknown value tag") }
        switch tag {
        case .null: w.null()
        case .isFalse: w.bool(false)
        case .isTrue: w.bool(true)
        case .integer: w.int(try r.zigzag())
        case .text: w.string(utf8: try validText(&r))
        case .decimal, .date:
            // Rare and short: parsed as the decoder parses them, so both refuse the same damage.
            let raw = try validText(&r)
            let text = String(decoding: raw, as: UTF8.self)
            guard tag == .decimal ? DecimalText(text) != nil : CivilDate(iso: text) != nil else { throw r.error("a \(tag == .decimal ? "decimal" : "date") that does not parse") }
            w.string(utf8: raw)
        case .textList:
            let count = try r.count(below: r.bytes.count)
            w.raw(UInt8(ascii: "["))
            for i in 0..<count {
                if i > 0 { w.raw(UInt8(ascii: ",")) }
                w.string(utf8: try validText(&r))
            }
            w.raw(UInt8(ascii: "]"))
        }
    }

    private static func validText(_ r: inout ByteReader) throws -> UnsafeBufferPointer<UInt8> {
        let raw = try r.slice()
        guard UTF8Check.isValid(raw) else { throw r.error("a text is not valid UTF-8") }
        return raw
    }

    private static func skipValue(_ r: inout ByteReader) throws {
        guard let tag = Tag(rawValue: try r.byte()) else { throw r.error("an unknown value tag") }
        switch tag {
        case .null, .isFalse, .isTrue: return
        case .integer: _ = try r.varint()
        case .text, .decimal, .date: _ = try r.slice()
        case .textList:
            let count = try r.count(below: r.bytes.count)
            for _ in 0..<count { _ = try r.slice() }
        }
    }
}
