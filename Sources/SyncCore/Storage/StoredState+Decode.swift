extension StoredState {
    /// The header of a stored state: its vector and its writes, read without its fields.
    struct Header {
        /// Vector entries in node id order.
        var nodes: [NodeID]
        var counters: [UInt64]
        var writes: [Write]
        /// Where the fields begin.
        var fieldsOffset: Int

        var vv: VersionVector {
            VersionVector(sortedEntries: zip(nodes, counters).map { VersionVector.Entry(node: $0, counter: $1) })
        }

        func dot(of write: Write) -> Dot { Dot(node: nodes[write.entry], counter: write.counter) }
    }

    /// Reads the format byte, flags, vector and writes.
    static func readHeader(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Header {
        var r = ByteReader(bytes)
        guard try r.byte() == formatV1 else { throw r.error("unknown stored format") }
        guard try r.byte() == 0 else { throw r.error("flags this release does not know (a newer tdsync wrote it)") }
        let entryCount = try r.count(below: bytes.count)
        var nodes: [NodeID] = [], counters: [UInt64] = []
        nodes.reserveCapacity(entryCount)
        counters.reserveCapacity(entryCount)
        for _ in 0..<entryCount {
            let raw = try r.slice()
            guard NodeID.isValid(raw) else { throw r.error("an invalid node id") }
            let node = NodeID(unchecked: String(decoding: raw, as: UTF8.self))
            if let last = nodes.last, !(last < node) { throw r.error("vector entries out of order") }
            nodes.append(node)
            let counter = try r.varint()
            guard counter > 0, counter <= UInt64(Int64.max) else { throw r.error("a counter out of range") }
            counters.append(counter)
        }
        let writeCount = try r.count(below: bytes.count)
        var writes: [Write] = []
        writes.reserveCapacity(writeCount)
        for _ in 0..<writeCount {
            let entry = try r.count(below: entryCount)
            let counter = try r.varint()
            guard counter > 0, counter <= counters[entry] else { throw r.error("a write its vector does not cover") }
            let physical = try r.zigzag()
            let logical = try r.varint()
            guard logical <= UInt64(UInt32.max) else { throw r.error("a logical clock out of range") }
            let code = Int(try r.byte())
            guard code < roles.count else { throw r.error("an unknown role") }
            writes.append(Write(entry: entry, counter: counter, timestamp: HLCTimestamp(physical: physical, logical: UInt32(logical)), role: roles[code]))
        }
        return Header(nodes: nodes, counters: counters, writes: writes, fieldsOffset: r.offset)
    }

    /// Decodes a whole stored state; `layout` names its fields. Values come back typed (dates and
    /// decimals as such).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, layout: FieldLayout) throws -> RecordState {
        let header = try readHeader(bytes)
        var r = ByteReader(bytes, offset: header.fieldsOffset)
        let dots = header.writes.map(header.dot(of:))
        let fieldCount = try r.count(below: layout.names.count + 1)
        // Each field in the slot of its name's byte order, so the map is built by appending.
        var slots = [[Sibling]?](repeating: nil, count: layout.names.count)
        for _ in 0..<fieldCount {
            let position = try r.count(below: layout.names.count)
            let siblingCount = try r.count(below: header.writes.count + 1)
            var siblings: [Sibling] = []
            siblings.reserveCapacity(siblingCount)
            for _ in 0..<siblingCount {
                let index = try r.count(below: header.writes.count)
                let write = header.writes[index]
                siblings.append(Sibling(dot: dots[index], timestamp: write.timestamp, role: write.role, value: try readValue(&r)))
            }
            let slot = layout.byteOrderIndex[position]
            guard slots[slot] == nil else { throw r.error("a field stored twice") }
            slots[slot] = siblings
        }
        guard r.isAtEnd else { throw r.error("bytes after the last field") }
        var fields = FieldMap()
        fields.reserveCapacity(fieldCount)
        for slot in slots.indices {
            if let siblings = slots[slot] { fields.appendInOrder(layout.namesInByteOrder[slot], siblings) }
        }
        return RecordState(vv: header.vv, fields: fields)
    }

    static func readValue(_ r: inout ByteReader) throws -> FieldValue {
        guard let tag = Tag(rawValue: try r.byte()) else { throw r.error("an unknown value tag") }
        switch tag {
        case .null: return .null
        case .isFalse: return .bool(false)
        case .isTrue: return .bool(true)
        case .integer: return .integer(try r.zigzag())
        case .text: return .text(try r.string())
        case .textList:
            let count = try r.count(below: r.bytes.count)
            var items: [String] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try r.string()) }
            return .textList(items)
        case .decimal:
            let text = try r.string()
            guard let decimal = DecimalText(text) else { throw r.error("a decimal that does not parse") }
            return .decimal(decimal)
        case .date:
            let text = try r.string()
            guard let date = CivilDate(iso: text) else { throw r.error("a date that does not parse") }
            return .date(date)
        }
    }
}
