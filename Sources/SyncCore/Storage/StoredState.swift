/// The compact stored form of a record state, separate from the wire form (protocol.md §3 stays
/// JSON). A state in `_records.state` is either this form, which starts with its format byte
/// (`formatV1`), or, in files of releases before it, canonical JSON, which starts with `{`: both
/// read back the same, and every write stores this form.
///
/// Format 1 (integers are LEB128 varints; see protocol.md §11.3 for the reference):
///
///     format   u8 = 1
///     flags    u8, 0: no extension block (bit 0 reserved for one: signatures, causal contexts, a hash)
///     vector   count, then per entry sorted by node id bytes: node id (length, UTF-8), counter
///     writes   count, then per write sorted by (entry, counter, time, role): vector entry index,
///              counter, HLC milliseconds (zigzag), HLC logical, role (u8)
///     fields   count, then per field sorted by position: position, sibling count, then per
///              sibling in dot order: write index, value (tag u8 and payload)
///
/// A write's dot, time and role are stored once and referenced by every field it wrote; a field
/// is its position in the collection's `FieldLayout`; a value is a tag and its payload. The form
/// is canonical (one state, one byte string), which the digests planned on top of it rely on.
enum StoredState {
    /// The first byte of a format-1 state. A legacy JSON state starts with `{` (0x7B).
    static let formatV1: UInt8 = 0x01

    /// Role codes; fixed forever (the raw values of `Role` are names, not positions).
    static let roles: [Role] = [.province, .board, .reader, .admin]

    static func roleCode(_ role: Role) -> UInt8 {
        switch role {
        case .province: 0
        case .board: 1
        case .reader: 2
        case .admin: 3
        }
    }

    /// Value tags.
    enum Tag: UInt8 {
        case null = 0, isFalse, isTrue, integer, text, textList, decimal, date
    }

    /// One write as a state stores it: its vector entry, counter, time and role.
    struct Write: Equatable {
        var entry: Int
        var counter: UInt64
        var timestamp: HLCTimestamp
        var role: Role

        static func precedes(_ a: Write, _ b: Write) -> Bool {
            if a.entry != b.entry { return a.entry < b.entry }
            if a.counter != b.counter { return a.counter < b.counter }
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            return roleCode(a.role) < roleCode(b.role)
        }
    }

    /// The stored form of `state`, or nil when one of its fields has no position in `layout` (a
    /// state of a field the schema never declared: the caller keeps it as JSON).
    static func encode(_ state: RecordState, layout: FieldLayout) -> [UInt8]? {
        let entries = state.vv.sortedEntries
        func entryIndex(_ node: NodeID) -> Int? { entries.firstIndex { $0.node == node } }
        // Fields by position, each with its siblings' writes.
        var fields: [(position: Int, siblings: [Sibling])] = []
        fields.reserveCapacity(state.fields.count)
        var complete = true
        state.fields.walk(alongside: layout.namesInByteOrder) { index, _, siblings in
            guard let index else { complete = false; return }
            fields.append((layout.jsonOrder[index], siblings))
        }
        guard complete else { return nil }
        fields.sort { $0.position < $1.position }
        var writes: [Write] = []
        for field in fields {
            for sibling in field.siblings {
                // A well-formed state's vector covers every dot; one that is not is kept as JSON.
                guard let entry = entryIndex(sibling.dot.node) else { return nil }
                let write = Write(entry: entry, counter: sibling.dot.counter, timestamp: sibling.timestamp, role: sibling.role)
                if !writes.contains(write) { writes.append(write) }
            }
        }
        writes.sort(by: Write.precedes)
        var w = ByteWriter(capacity: 64 + fields.count * 24)
        w.byte(formatV1)
        w.byte(0)
        w.varint(entries.count)
        for entry in entries {
            w.string(entry.node.rawValue)
            w.varint(entry.counter)
        }
        w.varint(writes.count)
        for write in writes {
            w.varint(write.entry)
            w.varint(write.counter)
            w.zigzag(write.timestamp.physical)
            w.varint(UInt64(write.timestamp.logical))
            w.byte(roleCode(write.role))
        }
        w.varint(fields.count)
        for field in fields {
            w.varint(field.position)
            w.varint(field.siblings.count)
            for sibling in field.siblings {
                let write = Write(entry: entryIndex(sibling.dot.node)!, counter: sibling.dot.counter, timestamp: sibling.timestamp, role: sibling.role)
                w.varint(writes.firstIndex(of: write)!)
                writeValue(sibling.value, into: &w)
            }
        }
        return w.bytes
    }

    private static func writeValue(_ value: FieldValue, into w: inout ByteWriter) {
        switch value {
        case .null: w.byte(Tag.null.rawValue)
        case .bool(let b): w.byte(b ? Tag.isTrue.rawValue : Tag.isFalse.rawValue)
        case .integer(let n): w.byte(Tag.integer.rawValue); w.zigzag(n)
        case .text(let s): w.byte(Tag.text.rawValue); w.string(s)
        case .textList(let items):
            w.byte(Tag.textList.rawValue)
            w.varint(items.count)
            for item in items { w.string(item) }
        case .decimal(let d): w.byte(Tag.decimal.rawValue); w.string(d.text)
        case .date(let d): w.byte(Tag.date.rawValue); w.string(d.description)
        }
    }
}
