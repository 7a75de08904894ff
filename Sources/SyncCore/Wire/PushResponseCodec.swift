/// The fast codec of a push answer, `{"hub_seq":…,"results":[…]}`: the same JSON as
/// `PushResponse`'s `Codable` form (keys sorted), a result per version the push carried.
extension PushResponse {
    /// Encodes the answer.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: results.count * 64 + 32)
        w.raw(UInt8(ascii: "{"))
        w.key("hub_seq", first: true); w.int(hubSeq)
        w.key("results", first: false)
        w.raw(UInt8(ascii: "["))
        for (i, result) in results.enumerated() {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            Self.write(result, into: &w)
        }
        w.raw(UInt8(ascii: "]"))
        w.raw(UInt8(ascii: "}"))
        return w.bytes
    }

    /// Decodes an answer; throws `malformed_json` naming the problem.
    public static func decode(_ bytes: [UInt8]) throws -> PushResponse {
        try bytes.withUnsafeBufferPointer { buffer in
            var r = JSONReader(buffer)
            var results: [ApplyResult]?, hubSeq: Int64?
            try r.readObject { r, key in
                switch key {
                case "hub_seq": hubSeq = try r.readInt64()
                case "results":
                    var list: [ApplyResult] = []
                    try r.readArray { r in list.append(try readResult(&r)) }
                    results = list
                default: try r.skipValue()
                }
            }
            try r.finish()
            guard let results, let hubSeq else { throw SyncError(.malformedJSON, "a push answer needs results and hub_seq") }
            return PushResponse(results: results, hubSeq: hubSeq)
        }
    }

    private static func write(_ result: ApplyResult, into w: inout JSONWriter) {
        w.raw(UInt8(ascii: "{"))
        switch result.outcome {
        case .rejected(let code, let message):
            w.key("code", first: true); w.string(code)
            w.key("collection", first: false); w.string(result.key.collection)
            w.key("id", first: false); w.string(result.key.id)
            w.key("message", first: false); w.string(message)
            w.key("outcome", first: false); w.string("rejected")
        case .conflict(let fields):
            w.key("collection", first: true); w.string(result.key.collection)
            w.key("fields", first: false)
            w.raw(UInt8(ascii: "["))
            for (i, field) in fields.enumerated() {
                if i > 0 { w.raw(UInt8(ascii: ",")) }
                w.string(field)
            }
            w.raw(UInt8(ascii: "]"))
            w.key("id", first: false); w.string(result.key.id)
            w.key("outcome", first: false); w.string("conflict")
        case .applied, .alreadyKnown:
            w.key("collection", first: true); w.string(result.key.collection)
            w.key("id", first: false); w.string(result.key.id)
            w.key("outcome", first: false); w.string(result.outcome == .applied ? "applied" : "already_known")
        }
        w.raw(UInt8(ascii: "}"))
    }

    private static func readResult(_ r: inout JSONReader) throws -> ApplyResult {
        var collection: String?, id: String?, outcome: String?, code: String?, message: String?, fields: [String]?
        try r.readObject { r, key in
            switch key {
            case "collection": collection = try r.readString()
            case "id": id = try r.readString()
            case "outcome": outcome = try r.readString()
            case "code": code = try r.readString()
            case "message": message = try r.readString()
            case "fields":
                var list: [String] = []
                try r.readArray { r in list.append(try r.readString()) }
                fields = list
            default: try r.skipValue()
            }
        }
        guard let collection, let id, let outcome else { throw r.error("a result needs collection, id and outcome") }
        let key = RecordKey(collection: collection, id: id)
        switch outcome {
        case "applied": return ApplyResult(key: key, outcome: .applied)
        case "already_known": return ApplyResult(key: key, outcome: .alreadyKnown)
        case "conflict":
            guard let fields else { throw r.error("a conflict result needs fields") }
            return ApplyResult(key: key, outcome: .conflict(fields: fields))
        case "rejected":
            guard let code, let message else { throw r.error("a rejected result needs code and message") }
            return ApplyResult(key: key, outcome: .rejected(code: code, message: message))
        default: throw r.error("unknown outcome '\(outcome.prefix(40))'")
        }
    }
}

extension EncodedVersions {
    /// Encodes versions held in memory (tests, tools); a sync reads them encoded from storage.
    public init(encoding versions: [RecordVersion]) {
        var w = JSONWriter(capacity: versions.count * 1_024 + 2)
        w.raw(UInt8(ascii: "["))
        for (i, version) in versions.enumerated() {
            if i > 0 { w.raw(UInt8(ascii: ",")) }
            RecordCodec.write(version, into: &w)
        }
        w.raw(UInt8(ascii: "]"))
        self.init(json: w.bytes, keys: versions.map(\.key), seqs: [], lastSeq: 0, hasMore: false)
    }

    /// The push body `{"versions":[…]}`.
    public var pushBody: [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(json.count + 16)
        body.append(contentsOf: #"{"versions":"#.utf8)
        body.append(contentsOf: json)
        body.append(UInt8(ascii: "}"))
        return body
    }

    /// The pull answer `{"has_more":…,"last_seq":…,"versions":[…]}`.
    public var pullBody: [UInt8] {
        var head = JSONWriter(capacity: json.count + 64)
        head.raw(UInt8(ascii: "{"))
        head.key("has_more", first: true); head.bool(hasMore)
        head.key("last_seq", first: false); head.int(lastSeq)
        head.key("versions", first: false)
        var body = head.bytes
        body.append(contentsOf: json)
        body.append(UInt8(ascii: "}"))
        return body
    }
}
