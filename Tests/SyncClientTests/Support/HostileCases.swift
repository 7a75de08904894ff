import CompressNIO
import Foundation
import NIOCore
import Commendation
import SyncCore

/// One generated hostile request and what the hub must answer.
struct HostileCase {
    /// The family the case comes from, for the tally and for failure messages.
    let family: String
    let request: [UInt8]
    /// The error code the hub must answer with (as a 4xx, or as every push result), when the
    /// case has one right answer; nil when any refusal with a known code will do.
    let code: String?
    /// Whether the hub may store something: only for byte-level fuzz of a valid push, where a
    /// mutation can leave a valid version (a changed letter in a name).
    let mayApply: Bool
    /// Whether a 200 is a right answer (a pull with odd but valid parameters, a replayed push).
    let mayAnswerOK: Bool

    init(_ family: String, _ request: [UInt8], code: String? = nil, mayApply: Bool = false, mayAnswerOK: Bool = false) {
        self.family = family
        self.request = request
        self.code = code
        self.mayApply = mayApply
        self.mayAnswerOK = mayAnswerOK || mayApply
    }
}

/// What the generator builds cases from: tokens of every kind, and versions the hub holds.
struct HostileMaterial {
    let province: String, board: String, admin: String, revoked: String, rotatedAway: String
    let provinceID: NodeID, boardID: NodeID
    /// A nomination of the province, decided by the board, as the hub holds it.
    let decided: RecordVersion
    /// Fresh, valid versions of the province (ids `fz-…`) that fuzzing mutates.
    let fuzzBases: [RecordVersion]
    /// Bodies the hub has already accepted, for replays.
    let accepted: [[UInt8]]
}

/// Seeded generator of hostile requests: broken auth, queries, paths, bodies (truncated, flipped,
/// NUL bytes, invalid UTF-8, huge numbers and strings, deep nesting, wrong types, unknown names),
/// encodings, over-limit bodies, forged versions and replays.
struct HostileGenerator {
    let material: HostileMaterial
    var rng: SeededGenerator
    var nextCounter: UInt64 = 1_000_000
    var nextID = 0

    init(material: HostileMaterial, seed: UInt64) {
        self.material = material
        rng = SeededGenerator(seed: seed)
    }

    mutating func next() -> HostileCase {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<8: auth()
        case 8..<14: query()
        case 14..<19: path()
        case 19..<25: hello()
        case 25..<30: admin()
        case 30..<34: encoding()
        case 34..<62: fuzz()
        case 62..<92: forgery()
        case 92..<95: replay()
        case 95..<97: framing()
        default: oversized()
        }
    }

    // MARK: Requests that fail before any body is read

    private mutating func auth() -> HostileCase {
        let m = material
        let tokens: [String?] = [nil, "", "garbage", "tds1", "tds1..", "tds1.board.", "tds1.\(m.provinceID).wrong",
                                 "tds1.nobody-here.c2VjcmV0", "tds1.BAD ID.x", m.revoked, m.rotatedAway,
                                 String(m.province.dropLast()), m.province + "x", "tds1.\(m.boardID).\(m.province.split(separator: ".").last!)",
                                 "tds2.\(m.provinceID).\(m.province.split(separator: ".").last!)",
                                 String(repeating: "A", count: Int.random(in: 1_000...60_000, using: &rng))]
        let target = ["/v1/pull", "/v1/push", "/v1/hello", "/v1/admin/nodes"].randomElement(using: &rng)!
        let method = target == "/v1/pull" || (target == "/v1/admin/nodes" && Bool.random(using: &rng)) ? "GET" : "POST"
        var request = RawSocket.request(method, target, token: tokens.randomElement(using: &rng)!, body: method == "POST" ? Array("{}".utf8) : nil)
        if Int.random(in: 0..<4, using: &rng) == 0 {   // a NUL or a non-UTF-8 byte inside the token: not valid HTTP
            let header = Array("Authorization: Bearer ".utf8)
            if let at = request.firstRange(of: header) {
                request.insert([0x00, 0xFF, 0x80].randomElement(using: &rng)!, at: at.upperBound + Int.random(in: 0...4, using: &rng))
                return HostileCase("framing", request)
            }
        }
        return HostileCase("auth", request, code: "unauthorized")
    }

    private mutating func query() -> HostileCase {
        let names = ["after", "limit", "wait", "echo"]
        let values = ["", "-1", "abc", "1.5", "1e3", "0x10", "99999999999999999999999", "9223372036854775808", "-9223372036854775809",
                      "%00", "%FF", "%", "%zz", "1%20", "0", "2", "%D9%A3", "%EF%BC%91", "+1", "1,2"]
        var parts: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            parts.append("\(names.randomElement(using: &rng)!)=\(values.randomElement(using: &rng)!)")
        }
        // Some combinations are valid (`after=0`, `echo=0`): those may answer 200, and change nothing.
        return HostileCase("query", RawSocket.request("GET", "/v1/pull?" + parts.joined(separator: "&"), token: material.province), mayAnswerOK: true)
    }

    private mutating func path() -> HostileCase {
        let targets = ["/", "/v1", "/v1/", "/v2/pull", "/v1/pull/../admin/nodes", "/v1/admin/nodes/board/rotate", "/v1/admin/nodes/%00/revoke",
                       "/v1/push?x=1", "/v1/%FF", "/" + String(repeating: "a/", count: 2_000), "/v1/admin/nodes/" + String(repeating: "x", count: 500) + "/rotate"]
        let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
        let target = targets.randomElement(using: &rng)!
        let method = methods.randomElement(using: &rng)!
        // A province calling an admin route is `forbidden`; everything else is refused as a bad request.
        return HostileCase("path", RawSocket.request(method, target, token: material.province, body: method == "POST" ? Array("{}".utf8) : nil))
    }

    private mutating func hello() -> HostileCase {
        let good = "{\"protocol_version\":1,\"schema_version\":\(Schema.commendation.version),\"node\":\"\(material.provinceID)\"}"
        let bodies = [
            "", "{", "[]", "null", "\"hello\"", "{\"protocol_version\":\"1\",\"schema_version\":\(Schema.commendation.version),\"node\":\"x\"}",
            "{\"protocol_version\":1e999,\"schema_version\":\(Schema.commendation.version),\"node\":\"x\"}", "{\"protocol_version\":99999999999999999999999,\"schema_version\":\(Schema.commendation.version),\"node\":\"x\"}",
            "{\"protocol_version\":1,\"schema_version\":\(Schema.commendation.version),\"node\":\"\(material.boardID)\"}", "{\"protocol_version\":1,\"schema_version\":\(Schema.commendation.version)}",
            "{\"protocol_version\":1,\"schema_version\":\(Schema.commendation.version),\"node\":" + nested(Int.random(in: 50...200_000, using: &rng)) + "}",
            nested(Int.random(in: 50...200_000, using: &rng)),
        ]
        // A mutated hello may still be a valid one (an unknown key added): it changes nothing either way.
        let mutated = Bool.random(using: &rng)
        let body = mutated ? mutate(Array(good.utf8)) : Array(bodies.randomElement(using: &rng)!.utf8)
        return HostileCase("hello", RawSocket.request("POST", "/v1/hello", token: material.province, body: body), mayAnswerOK: mutated)
    }

    private mutating func admin() -> HostileCase {
        let bodies = ["", "{}", "{\"node\":\"x\"}", "{\"node\":\"ok-node\",\"role\":\"emperor\"}", "{\"node\":\"../../etc\",\"role\":\"province\",\"scopes\":[\"hn\"]}",
                      "{\"node\":\"p-\(nextID)\",\"role\":\"province\",\"scopes\":\"hn\"}", "{\"node\":\"p-\(nextID)\",\"role\":\"province\",\"scopes\":[\"atlantis\"]}",
                      "{\"node\":\"p-\(nextID)\",\"role\":\"province\"}", "{\"node\":\"\(material.provinceID)\",\"role\":\"province\",\"scopes\":[\"hn\"]}",
                      "{\"node\":\"hub\",\"role\":\"board\"}", "{\"node\":\"p-\(nextID)\",\"role\":\"board\",\"scopes\":[\"hn\"]}",
                      nested(Int.random(in: 50...100_000, using: &rng))]
        nextID += 1
        let asProvince = Int.random(in: 0..<4, using: &rng) == 0
        let token = asProvince ? material.province : material.admin
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            let node = ["nobody-known", "BAD%20ID", "%00", "%C4%91", String(repeating: "n", count: 300)].randomElement(using: &rng)!
            return HostileCase("admin", RawSocket.request("POST", "/v1/admin/nodes/\(node)/\(Bool.random(using: &rng) ? "rotate" : "revoke")", token: token, body: []),
                               code: asProvince ? "forbidden" : nil)
        default:
            let body = Array(bodies.randomElement(using: &rng)!.utf8)
            return HostileCase("admin", RawSocket.request("POST", "/v1/admin/nodes", token: token, body: body), code: asProvince ? "forbidden" : nil)
        }
    }

    /// Requests that are not valid HTTP/1.1: the HTTP layer refuses them (a bare 400) before the
    /// hub's routes see them, and the hub goes on serving.
    private mutating func framing() -> HostileCase {
        let token = material.province
        let requests: [[UInt8]] = [
            Array("GET /v1/pull?after=1 2 HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
            Array("GET /v1/pull?after=".utf8) + [0xD9, 0xA3] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
            Array("POST /v1/push HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: abc\r\n\r\n{}".utf8),
            Array("POST /v1/push HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}".utf8),
            Array("POST /v1/push HTTP/1.1\r\nAuthorization: Bearer \(token)\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".utf8),
            Array("GET /v1/pull HTTP/1.1\r\nBad Header Line\r\n\r\n".utf8),
            Array("GET /v1/pull HTTP/9.9\r\n\r\n".utf8),
            Array("\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}".utf8),   // a TLS hello to a plain-HTTP port
            (0..<Int.random(in: 1...4_096, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) },
        ]
        return HostileCase("framing", requests.randomElement(using: &rng)!)
    }

    // MARK: Push bodies

    private mutating func encoding() -> HostileCase {
        let body = pushBody([material.fuzzBases.randomElement(using: &rng)!])
        switch Int.random(in: 0..<3, using: &rng) {
        case 0:
            let garbage = (0..<Int.random(in: 0...2_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return HostileCase("encoding", RawSocket.request("POST", "/v1/push", token: material.province, body: [0x1f, 0x8b] + garbage,
                                                              headers: [("Content-Encoding", "gzip")]))   // bad_request, or malformed_json when it inflates to nothing
        case 1:
            return HostileCase("encoding", RawSocket.request("POST", "/v1/push", token: material.province, body: body,
                                                              headers: [("Content-Encoding", ["br", "deflate", "compress", "gzip, gzip", "x"].randomElement(using: &rng)!)]))
        default:   // a gzip bomb: 64 MiB of zeros in about 64 KiB
            return HostileCase("encoding", RawSocket.request("POST", "/v1/push", token: material.province, body: Self.gzipBomb,
                                                              headers: [("Content-Encoding", "gzip")]), code: "body_too_large")
        }
    }

    /// A valid push, mutated at the byte level; the result may still be valid (then it may apply).
    private mutating func fuzz() -> HostileCase {
        let bases = (0..<Int.random(in: 1...3, using: &rng)).map { _ in material.fuzzBases.randomElement(using: &rng)! }
        return HostileCase("fuzz", RawSocket.request("POST", "/v1/push", token: material.province, body: mutate(pushBody(bases))), mayApply: true)
    }

    private mutating func replay() -> HostileCase {
        HostileCase("replay", RawSocket.request("POST", "/v1/push", token: material.province, body: material.accepted.randomElement(using: &rng)!), mayAnswerOK: true)
    }

    private mutating func oversized() -> HostileCase {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:   // over the body limit
            let body = Array("{\"versions\":[\"".utf8) + [UInt8](repeating: 0x61, count: ProtocolInfo.maxBodyBytes) + Array("\"]}".utf8)
            return HostileCase("oversized", RawSocket.request("POST", "/v1/push", token: material.province, body: body), code: "body_too_large")
        case 1:   // more versions than a push may carry
            let one = RecordCodec.encode(material.fuzzBases[0])
            var body = Array("{\"versions\":[".utf8)
            for i in 0...ProtocolInfo.maxPushVersions { if i > 0 { body.append(0x2C) }; body += one }
            body += Array("]}".utf8)
            return HostileCase("oversized", RawSocket.request("POST", "/v1/push", token: material.province, body: body), code: "body_too_large")
        default:  // a value far over its field's length, inside an otherwise valid version
            var version = fresh()
            let long = sibling(.text(String(repeating: "Ễ", count: Int.random(in: 301...1_000_000, using: &rng))))
            version.state.vv.add(long.dot)
            version.state.fields["nominee_name"] = [long]
            return HostileCase("oversized", RawSocket.request("POST", "/v1/push", token: material.province, body: pushBody([version])), code: "wrong_type")
        }
    }

    /// Byte-level mutations of a JSON body.
    private mutating func mutate(_ body: [UInt8]) -> [UInt8] {
        var out = body
        guard !out.isEmpty else { return out }
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<9, using: &rng) {
            case 0: out = Array(out[..<at])
            case 1: out[at] = UInt8.random(in: 0...255, using: &rng)
            case 2: out.insert(0x00, at: at)
            case 3: out.insert(contentsOf: [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0x80]].randomElement(using: &rng)!, at: at)
            case 4: out = replacingNumber(in: out)
            case 5: out.insert(contentsOf: Array(nested(Int.random(in: 20...100_000, using: &rng)).utf8), at: at)
            case 6: out = substitute(in: out)
            case 7: out.insert(contentsOf: Array("\"zz\":{\"a\":[1,2,{}]},".utf8), at: at)
            default: out.insert(contentsOf: Array(["\\u0000", "\\ud800", "\\uDFFF\\uD800", "\\u00", "\\x41", "\\", "\"", ",", "}", "]", ":"].randomElement(using: &rng)!.utf8), at: at)
            }
            if out.isEmpty { break }
        }
        return out
    }

    private mutating func replacingNumber(in body: [UInt8]) -> [UInt8] {
        let digits = body.indices.filter { (0x30...0x39).contains(body[$0]) }
        guard let at = digits.randomElement(using: &rng) else { return body }
        var end = at
        while end < body.count, (0x30...0x39).contains(body[end]) { end += 1 }
        let huge = ["99999999999999999999999999", "1e999", "-1", "1.5", "-0", "18446744073709551616", "9223372036854775808",
                    "9223372036854775807", "0001", "1E2", "NaN", "Infinity"].randomElement(using: &rng)!
        return Array(body[..<at]) + Array(huge.utf8) + Array(body[end...])
    }

    private mutating func substitute(in body: [UInt8]) -> [UInt8] {
        let swaps: [(String, String)] = [
            ("\"scope\":\"", "\"scope\":1,\"x\":\""), ("\"vv\":{", "\"vv\":[{"), ("\"fields\":{", "\"fields\":["), ("\"value\":", "\"value\":{\"x\":"),
            ("\"collection\":\"nominations\"", "\"collection\":\"ghosts\""), ("\"collection\":\"nominations\"", "\"collection\":null"),
            ("\"nominee_name\"", "\"nominee_nickname\""), ("\"role\":\"province\"", "\"role\":\"board\""), ("\"role\":\"province\"", "\"role\":7"),
            ("\"ts\":[", "\"ts\":[-5,"), ("\"id\":\"fz", "\"id\":\"../../etc/fz"), ("\"id\":\"fz", "\"id\":\"\u{202E}fz"), ("\"dot\":", "\"dot\":null,\"d\":"),
            ("{\"versions\":", "{\"versions\":[],\"versions\":"), ("\"year\"", "\"year\",\"year\""),
        ]
        let (from, to) = swaps.randomElement(using: &rng)!
        guard let range = body.firstRange(of: Array(from.utf8)) else { return body }
        return Array(body[..<range.lowerBound]) + Array(to.utf8) + Array(body[range.upperBound...])
    }

    static let gzipBomb: [UInt8] = {
        var zeros = ByteBuffer(repeating: 0, count: 64 * 1024 * 1024)
        let compressed = try! zeros.compress(with: .gzip(configuration: .init(compressionLevel: .bestCompression)))
        return Array(compressed.readableBytesView)
    }()
}
