import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// Generated hostile requests against a real hub: every one is refused with a 4xx and a stable
/// code (or, for a push, every bad version is rejected alone), the hub stays up, and its data
/// changes only by the versions it reported as applied. `TDSYNC_HOSTILE_CASES` sets how many
/// (default 600; the long mode is 10,000), `TDSYNC_HOSTILE_SEED` replays a run.
@Suite(.serialized) struct HostileInputTests {
    static let caseCount = ProcessInfo.processInfo.environment["TDSYNC_HOSTILE_CASES"].flatMap(Int.init) ?? 600
    static let seed = ProcessInfo.processInfo.environment["TDSYNC_HOSTILE_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max)

    @Test(arguments: HubBackend.all) func generatedHostileRequestsAreRefusedAndChangeNothingElse(backend: HubBackend) async throws {
        // Thousands of requests from one node: no request budget.
        try await HubFixture.with(backend: backend, limits: .unlimited) { hub in
            let material = try await Self.material(hub)
            let knownCodes = Set(SyncError.Code.known.map(\.rawValue))
            var generator = HostileGenerator(material: material, seed: Self.seed)
            var tally: [String: (cases: Int, refused: Int, applied: Int)] = [:]
            var seq = try await hub.store.latestSeq()
            for index in 0..<Self.caseCount {
                let hostile = generator.next()
                let answer = await RawSocket.send(hostile.request, port: hub.port)
                let label = "case \(index) (\(hostile.family)), seed \(Self.seed)"
                let status = try #require(answer.status, "\(label): the hub closed the connection without answering (\(answer.failure ?? "?"))")
                #expect(status < 500, "\(label): \(status) \(answer.text.prefix(300))")
                var applied = 0, refused = status >= 400
                if status >= 400 && hostile.family == "framing" {
                    // Not HTTP at all: NIO's parser answers a bare 400 and closes; nothing reached the hub.
                } else if status >= 400 {
                    let error = try? WireJSON.decode(ErrorBody.self, from: answer.body)
                    #expect(error.map { knownCodes.contains($0.error.code) && !$0.error.message.isEmpty } == true,
                            "\(label): \(status) without a known error code: \(answer.text.prefix(300)) for \(String(decoding: hostile.request.prefix(200), as: UTF8.self))")
                    if let code = hostile.code, let error { #expect(error.error.code == code, "\(label): \(error.error.code), expected \(code): \(error.error.message)") }
                } else {
                    #expect(hostile.mayAnswerOK || hostile.code != nil, "\(label): accepted with \(status): \(answer.text.prefix(300))")
                    if let response = try? WireJSON.decode(PushResponse.self, from: answer.body) {
                        applied = response.results.filter { $0.outcome == .applied || Self.isConflict($0) }.count
                        refused = response.results.allSatisfy { Self.rejection($0) != nil }
                        if let code = hostile.code {
                            #expect(response.results.allSatisfy { Self.rejection($0) == code }, "\(label): expected every version rejected as \(code): \(answer.text.prefix(400))")
                        }
                        #expect(applied == 0 || hostile.mayApply, "\(label): \(applied) versions applied: \(answer.text.prefix(400))")
                    }
                }
                let now = try await hub.store.latestSeq()
                #expect(now - seq == Int64(applied), "\(label): the hub's log moved by \(now - seq) for \(applied) applied versions")
                seq = now
                var entry = tally[hostile.family] ?? (0, 0, 0)
                entry.cases += 1
                entry.refused += refused ? 1 : 0
                entry.applied += applied
                tally[hostile.family] = entry
            }
            #expect(try await rawRequest(hub.url, "healthz").status == 200)
            try await Self.checkHubData(hub, material: material)
            let summary = tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.cases) (\($0.value.refused) refused, \($0.value.applied) applied)" }
            print("hostile input: \(Self.caseCount) cases, seed \(Self.seed): \(summary.joined(separator: ", "))")
        }
    }

    /// The hub's data after the storm: the board's decision intact, every record in the
    /// province's scopes, every value written by a registered node in its role on a field it owns.
    static func checkHubData(_ hub: HubFixture, material: HostileMaterial) async throws {
        let page = try await hub.transport(token: material.board).pull(after: 0, limit: ProtocolInfo.maxPageSize, wait: 0, includeOwn: true)
        let spec = try #require(Schema.commendation.collection("nominations"))
        for version in page.versions where version.key.collection == "nominations" {
            #expect(["hn", "hp"].contains(version.scope), "\(version.key) is in scope \(version.scope)")
            for (field, siblings) in version.state.fields where field != RecordState.deletedField {
                for sibling in siblings {
                    let writer = sibling.dot.node == material.provinceID ? Role.province : sibling.dot.node == material.boardID ? Role.board : nil
                    #expect(writer == sibling.role, "\(version.key).\(field): \(sibling.dot) claims \(sibling.role)")
                    #expect(spec.field(field)?.writers.contains(sibling.role) == true, "\(version.key).\(field) written by \(sibling.role)")
                }
            }
        }
        let decided = try #require(page.versions.first { $0.key == material.decided.key })
        #expect(decided.state == material.decided.state, "the board's decision changed")
    }

    /// A province (scopes hn and hp) with a nomination the board decided, 40 fresh nominations to
    /// fuzz, and tokens of every kind.
    static func material(_ hub: HubFixture) async throws -> HostileMaterial {
        let board = try await hub.node("board", role: .board)
        let province = try await hub.node("hn-office", role: .province, scopes: ["hn", "hp"])
        _ = try await hub.node("hcm-office", role: .province, scopes: ["hcm"])
        let admin = try await hub.store.registerNode(NodeID("ops"), role: .admin, scopes: [])
        let revoked = try await hub.store.registerNode(NodeID("gone-office"), role: .province, scopes: ["hue"])
        try await hub.store.revoke(NodeID("gone-office"))
        let rotatedAway = try await hub.store.registerNode(NodeID("moved-office"), role: .province, scopes: ["dn"])
        _ = try await hub.store.rotateToken(NodeID("moved-office"))
        try province.write(Domain.nomination("n1", scope: "hn"))
        _ = try await hub.session(province).sync()
        _ = try await hub.session(board).sync()
        try board.write(Domain.update("n1", ["board_status": .text("approved"), "decision_number": .text("12/QĐ-TTg")]))
        _ = try await hub.session(board).sync()
        _ = try await hub.session(province).sync()
        let decided = try #require(try province.record(RecordKey(collection: "nominations", id: "n1"))).version
        let provinceToken = try #require(try province.syncState().token)
        var accepted: [[UInt8]] = []
        for i in 0..<3 {
            let version = try province.write(Domain.nomination("ok-\(i)", scope: "hn", name: "Lê Văn Cường \(i)"))
            let body = Array("{\"versions\":[".utf8) + RecordCodec.encode(version) + Array("]}".utf8)
            let answer = await RawSocket.send(RawSocket.request("POST", "/v1/push", token: provinceToken, body: body), port: hub.port)
            #expect(answer.status == 200)
            accepted.append(body)
        }
        let bases = try (0..<40).map { i in try province.write(Domain.nomination("fz-\(i)", scope: "hn", name: "Phạm Thị Dung \(i)")) }
        return HostileMaterial(province: provinceToken, board: try #require(try board.syncState().token), admin: admin,
                               revoked: revoked, rotatedAway: rotatedAway, provinceID: try NodeID("hn-office"),
                               boardID: try NodeID("board"), decided: decided, fuzzBases: bases, accepted: accepted)
    }

    static func rejection(_ result: ApplyResult) -> String? {
        if case .rejected(let code, _) = result.outcome { return code }
        return nil
    }

    static func isConflict(_ result: ApplyResult) -> Bool {
        if case .conflict = result.outcome { return true }
        return false
    }
}
