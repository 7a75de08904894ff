import Foundation

/// Versions of the wire protocol and the schema this build speaks.
public enum ProtocolInfo {
    /// The protocol version; a hub refuses clients of another version.
    public static let version = 1
    /// Largest request body a hub accepts (bytes).
    public static let maxBodyBytes = 8 * 1024 * 1024
    /// Largest number of versions in one push.
    public static let maxPushVersions = 5_000
    /// Largest pull page; larger `limit`s are clamped to it.
    public static let maxPageSize = 2_000
    /// Longest long-poll wait in seconds; larger `wait`s are clamped to it.
    public static let maxWaitSeconds = 60
}

/// `POST /v1/hello`: who the client is and what it speaks.
public struct HelloRequest: Codable, Sendable {
    public let protocolVersion: Int
    public let schemaVersion: Int
    public let node: String

    public init(node: String, schemaVersion: Int, protocolVersion: Int = ProtocolInfo.version) {
        self.protocolVersion = protocolVersion
        self.schemaVersion = schemaVersion
        self.node = node
    }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version", schemaVersion = "schema_version", node
    }
}

/// The hub's answer to hello: the node's registration and where the hub stands.
public struct HelloResponse: Codable, Sendable {
    public let protocolVersion: Int
    public let schemaVersion: Int
    public let node: String
    public let role: Role
    public let scopes: [String]
    /// The highest counter of this node the hub has seen: the node must continue above it.
    public let highestCounter: UInt64
    /// The hub's latest change-log sequence.
    public let hubSeq: Int64
    /// Changes when the hub's data is restored from a backup: clients then re-push what they hold.
    public let hubEpoch: String?

    public init(protocolVersion: Int, schemaVersion: Int, node: String, role: Role, scopes: [String], highestCounter: UInt64, hubSeq: Int64,
                hubEpoch: String? = nil) {
        self.protocolVersion = protocolVersion
        self.schemaVersion = schemaVersion
        self.node = node
        self.role = role
        self.scopes = scopes
        self.highestCounter = highestCounter
        self.hubSeq = hubSeq
        self.hubEpoch = hubEpoch
    }

    enum CodingKeys: String, CodingKey {
        case protocolVersion = "protocol_version", schemaVersion = "schema_version", node, role, scopes
        case highestCounter = "highest_counter", hubSeq = "hub_seq", hubEpoch = "hub_epoch"
    }
}

/// The error body of every 4xx/5xx answer: `{"error":{"code":…,"message":…}}`.
public struct ErrorBody: Codable, Sendable {
    public struct Detail: Codable, Sendable {
        public let code: String
        public let message: String
    }
    public let error: Detail

    public init(code: String, message: String) { error = Detail(code: code, message: message) }
}

/// The hub's answer to a push: one result per version, in order.
public struct PushResponse: Codable, Sendable {
    public let results: [ApplyResult]
    public let hubSeq: Int64

    public init(results: [ApplyResult], hubSeq: Int64) {
        self.results = results
        self.hubSeq = hubSeq
    }

    enum CodingKeys: String, CodingKey { case results, hubSeq = "hub_seq" }
}

/// One page of the hub's change log.
public struct PullResponse: Sendable {
    public let versions: [RecordVersion]
    /// The cursor to pull after next time.
    public let lastSeq: Int64
    public let hasMore: Bool

    public init(versions: [RecordVersion], lastSeq: Int64, hasMore: Bool) {
        self.versions = versions
        self.lastSeq = lastSeq
        self.hasMore = hasMore
    }
}

extension ApplyResult: Codable {
    enum CodingKeys: String, CodingKey { case collection, id, outcome, fields, code, message }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let key = RecordKey(collection: try c.decode(String.self, forKey: .collection), id: try c.decode(String.self, forKey: .id))
        switch try c.decode(String.self, forKey: .outcome) {
        case "applied": self.init(key: key, outcome: .applied)
        case "already_known": self.init(key: key, outcome: .alreadyKnown)
        case "conflict": self.init(key: key, outcome: .conflict(fields: try c.decode([String].self, forKey: .fields)))
        case "rejected":
            self.init(key: key, outcome: .rejected(code: try c.decode(String.self, forKey: .code), message: try c.decode(String.self, forKey: .message)))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .outcome, in: c, debugDescription: "unknown outcome '\(other.prefix(40))'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key.collection, forKey: .collection)
        try c.encode(key.id, forKey: .id)
        switch outcome {
        case .applied: try c.encode("applied", forKey: .outcome)
        case .alreadyKnown: try c.encode("already_known", forKey: .outcome)
        case .conflict(let fields):
            try c.encode("conflict", forKey: .outcome)
            try c.encode(fields, forKey: .fields)
        case .rejected(let code, let message):
            try c.encode("rejected", forKey: .outcome)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
        }
    }
}

/// Reading the bodies that carry record versions, with the fast codec: `{"versions":[…]}` for a
/// push and `{"has_more":…,"last_seq":…,"versions":[…]}` for a pull. They are written from
/// `EncodedVersions` (`pushBody`, `pullBody`).
public enum WireMessages {
    /// Decodes a push body. The body's JSON syntax must be valid as a whole; each version is then
    /// read on its own, so a version with a bad shape fails alone (its slot holds the error).
    public static func decodePush(_ bytes: [UInt8]) throws -> [Result<RecordVersion, SyncError>] {
        try bytes.withUnsafeBufferPointer { try decodePush($0) }
    }

    /// Decodes a push body from borrowed bytes.
    public static func decodePush(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [Result<RecordVersion, SyncError>] {
        var r = JSONReader(bytes)
        var out: [Result<RecordVersion, SyncError>]?
        try r.readObject { r, key in
            guard key == "versions" else { try r.skipValue(); return }
            var items: [Result<RecordVersion, SyncError>] = []
            try r.readArray { r in
                guard items.count < ProtocolInfo.maxPushVersions else {
                    throw SyncError(.bodyTooLarge, "a push carries at most \(ProtocolInfo.maxPushVersions) versions; split the batch")
                }
                // Read the element in place; if it is badly shaped, go back and skip it (which
                // fails the whole body only if its JSON syntax is broken).
                let start = r.mark
                do {
                    items.append(.success(try RecordCodec.readVersion(&r)))
                } catch let error as SyncError {
                    r.mark = start
                    try r.skipValue()
                    items.append(.failure(error))
                }
            }
            out = items
        }
        try r.finish()
        guard let out else { throw SyncError(.malformedJSON, "a push body is {\"versions\": [...]}") }
        return out
    }

    /// Decodes a pull page.
    public static func decodePull(_ bytes: [UInt8]) throws -> PullResponse {
        try bytes.withUnsafeBufferPointer { try decodePull($0) }
    }

    /// Decodes a pull page from borrowed bytes.
    public static func decodePull(_ bytes: UnsafeBufferPointer<UInt8>) throws -> PullResponse {
        var r = JSONReader(bytes)
        var versions: [RecordVersion]?, lastSeq: Int64?, hasMore: Bool?
        try r.readObject { r, key in
            switch key {
            case "versions":
                var list: [RecordVersion] = []
                try r.readArray { r in list.append(try RecordCodec.readVersion(&r)) }
                versions = list
            case "last_seq": lastSeq = try r.readInt64()
            case "has_more": hasMore = try r.readBool()
            default: try r.skipValue()
            }
        }
        try r.finish()
        guard let versions, let lastSeq, let hasMore else {
            throw SyncError(.malformedJSON, "a pull page needs versions, last_seq and has_more")
        }
        return PullResponse(versions: versions, lastSeq: lastSeq, hasMore: hasMore)
    }
}
