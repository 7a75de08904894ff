import Foundation

// JSON forms of identifiers and clocks. See protocol.md, "The JSON form of a record version".

extension NodeID: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A dot travels as `"node:counter"`, e.g. `"office-1:42"`; node ids cannot contain `:`.
extension Dot: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// A version vector travels as an object from node id to counter, e.g. `{"office-1": 12, "board": 3}`.
extension VersionVector: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode([String: UInt64].self)
        var entries: [NodeID: UInt64] = [:]
        for (node, counter) in raw {
            guard counter <= UInt64(Int64.max) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "counter \(counter) for node \(node.prefix(40)) is above 2^63-1"))
            }
            entries[try NodeID(node)] = counter
        }
        self.init(entries)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Dictionary(uniqueKeysWithValues: entries.map { ($0.key.rawValue, $0.value) }))
    }
}

/// A hybrid clock reading travels as `[milliseconds, logical]`.
extension HLCTimestamp: Codable {
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let physical = try c.decode(Int64.self)
        let logical = try c.decode(UInt32.self)
        guard c.isAtEnd, physical >= 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a timestamp is [milliseconds ≥ 0, logical]"))
        }
        self.init(physical: physical, logical: logical)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(physical)
        try c.encode(logical)
    }
}
