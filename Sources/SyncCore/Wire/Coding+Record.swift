import Foundation

// JSON forms of values, siblings, states and record versions. See protocol.md.

/// Values travel as plain JSON: null, true/false, integers, strings (text, dates `YYYY-MM-DD` and
/// decimals such as `"1.5"`), arrays of strings. The schema turns strings into dates and decimals.
extension FieldValue: Codable {
    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [String] = []
            while !list.isAtEnd { items.append(try list.decode(String.self)) }
            self = .textList(items)
            return
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Int64.self) { self = .integer(n) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "a value must be null, a boolean, an integer within 64 bits, a string or an array of strings (send decimals as strings)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if case .textList(let items) = self {
            var list = encoder.unkeyedContainer()
            for item in items { try list.encode(item) }
            return
        }
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let n): try c.encode(n)
        case .decimal(let d): try c.encode(d.text)
        case .text(let s): try c.encode(s)
        case .date(let d): try c.encode(d.description)
        case .textList: break
        }
    }
}

extension Sibling: Codable {
    enum CodingKeys: String, CodingKey { case dot, ts, role, value }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let roleName = try c.decode(String.self, forKey: .role)
        guard let role = Role(rawValue: roleName) else {
            throw DecodingError.dataCorruptedError(forKey: .role, in: c, debugDescription: "unknown role '\(roleName.prefix(40))'")
        }
        self.init(dot: try c.decode(Dot.self, forKey: .dot), timestamp: try c.decode(HLCTimestamp.self, forKey: .ts),
                  role: role, value: try c.decodeIfPresent(FieldValue.self, forKey: .value) ?? .null)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dot, forKey: .dot)
        try c.encode(timestamp, forKey: .ts)
        try c.encode(role.rawValue, forKey: .role)
        try c.encode(value, forKey: .value)
    }
}

extension RecordState: Codable {
    enum CodingKeys: String, CodingKey { case vv, fields }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vv: try c.decode(VersionVector.self, forKey: .vv),
                  fields: try c.decode([String: [Sibling]].self, forKey: .fields))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vv, forKey: .vv)
        try c.encode(Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.value) }), forKey: .fields)
    }
}

extension RecordVersion: Codable {
    enum CodingKeys: String, CodingKey { case collection, id, scope, vv, fields }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(key: RecordKey(collection: try c.decode(String.self, forKey: .collection),
                                 id: try c.decode(String.self, forKey: .id)),
                  scope: try c.decode(String.self, forKey: .scope),
                  state: RecordState(vv: try c.decode(VersionVector.self, forKey: .vv),
                                     fields: try c.decode([String: [Sibling]].self, forKey: .fields)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key.collection, forKey: .collection)
        try c.encode(key.id, forKey: .id)
        try c.encode(scope, forKey: .scope)
        try c.encode(state.vv, forKey: .vv)
        try c.encode(Dictionary(uniqueKeysWithValues: state.fields.map { ($0.key, $0.value) }), forKey: .fields)
    }
}
