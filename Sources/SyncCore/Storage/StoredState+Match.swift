import Foundation

extension StoredState {
    /// Whether `bytes` is the stored form of `state` under `layout`, the same answer as
    /// `encode(state, layout:) == bytes`, found by reading the bytes beside the state instead of
    /// encoding it: the test of an exact re-apply, which must be cheap. Damaged bytes never match.
    static func matches(_ bytes: [UInt8], _ state: RecordState, layout: FieldLayout) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var r = ByteReader(buffer)
            do {
                // More writes than the bit mask holds (never seen in practice): encode and compare.
                return try matches(&r, state, layout: layout) ?? (encode(state, layout: layout) == bytes)
            } catch {
                return false  // damaged bytes
            }
        }
    }

    /// The answer, or nil when the state has more than 64 writes.
    private static func matches(_ r: inout ByteReader, _ state: RecordState, layout: FieldLayout) throws -> Bool? {
        let vv = state.vv
        guard try r.byte() == formatV1, try r.byte() == 0, try r.varint() == UInt64(vv.count) else { return false }
        // The vector, entry by entry; a write names its node by the entry's index.
        var same = true
        try vv.forEachEntry { node, counter in
            guard same else { return }
            let raw = try r.slice()
            same = try r.varint() == counter && bytesEqual(raw, node.rawValue)
        }
        guard same else { return false }
        // The writes: strictly in order, as `encode` sorts them, and each referenced by a sibling.
        let writeCount = try r.count(below: r.bytes.count)
        guard writeCount <= 64 else { return nil }
        var writes: [Write] = []
        writes.reserveCapacity(writeCount)
        for _ in 0..<writeCount {
            let entry = try r.count(below: vv.count)
            let counter = try r.varint()
            let physical = try r.zigzag()
            let logical = try r.varint()
            let code = Int(try r.byte())
            guard logical <= UInt64(UInt32.max), code < roles.count else { return false }
            let write = Write(entry: entry, counter: counter, timestamp: HLCTimestamp(physical: physical, logical: UInt32(logical)), role: roles[code])
            if let last = writes.last, !Write.precedes(last, write) { return false }
            writes.append(write)
        }
        var referenced: UInt64 = 0
        // Where each of the state's fields sits by position, then the stored fields, in ascending
        // position, read beside them.
        let lists = state.fields.values
        var slot = [Int](repeating: -1, count: layout.names.count)
        var next = 0, complete = true
        state.fields.walk(alongside: layout.namesInByteOrder) { index, _, _ in
            if let index { slot[layout.jsonOrder[index]] = next } else { complete = false }
            next += 1
        }
        guard complete, try r.varint() == UInt64(lists.count) else { return false }
        var lastPosition = -1
        for _ in 0..<lists.count {
            let position = try r.count(below: layout.names.count)
            guard position > lastPosition, slot[position] >= 0 else { return false }
            lastPosition = position
            let siblings = lists[slot[position]]
            guard try r.varint() == UInt64(siblings.count) else { return false }
            for i in siblings.indices {
                let index = try r.count(below: writes.count)
                let write = writes[index]
                guard write.counter == siblings[i].dot.counter, write.timestamp == siblings[i].timestamp, write.role == siblings[i].role,
                      vv.node(at: write.entry) == siblings[i].dot.node, try valueMatches(&r, siblings[i].value) else { return false }
                referenced |= 1 << UInt64(index)
            }
        }
        return r.isAtEnd && referenced == (writeCount == 64 ? .max : (1 << UInt64(writeCount)) - 1)
    }

    /// Whether the next value in `r` is `value`, as `writeValue` writes it.
    private static func valueMatches(_ r: inout ByteReader, _ value: FieldValue) throws -> Bool {
        let tag = try r.byte()
        switch value {
        case .null: return tag == Tag.null.rawValue
        case .bool(let b): return tag == (b ? Tag.isTrue : Tag.isFalse).rawValue
        case .integer(let n): return try tag == Tag.integer.rawValue && r.zigzag() == n
        case .text(let s): return try tag == Tag.text.rawValue && bytesEqual(r.slice(), s)
        case .decimal(let d): return try tag == Tag.decimal.rawValue && bytesEqual(r.slice(), d.text)
        case .date(let d): return try tag == Tag.date.rawValue && bytesEqual(r.slice(), d.description)
        case .textList(let items):
            guard tag == Tag.textList.rawValue, try r.varint() == UInt64(items.count) else { return false }
            for item in items where try !bytesEqual(r.slice(), item) { return false }
            return true
        }
    }

    private static func bytesEqual(_ raw: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == raw.count && (utf8.isEmpty || memcmp(utf8.baseAddress!, raw.baseAddress!, utf8.count) == 0)
        }
    }
}
