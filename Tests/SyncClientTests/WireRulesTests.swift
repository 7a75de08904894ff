import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// What a real hub refuses as a whole request and what it refuses one version at a time
/// (protocol.md §3.6, §4.4, §16, §17.1), sent as raw bytes the reference client never sends.
@Suite(.serialized) struct WireRulesTests {
    /// The error code of a hub's error answer, or nil when the body is not one.
    static func code(_ body: String) -> String? { try? WireJSON.decode(ErrorBody.self, from: Data(body.utf8)).error.code }

    static func post(_ hub: HubFixture, _ path: String, _ body: String, token: String) async throws -> (status: Int, body: String) {
        try await rawRequest(hub.url, path, method: "POST", body: Data(body.utf8), token: token)
    }

    static func rejection(_ result: ApplyResult) -> (code: String, message: String)? {
        if case .rejected(let code, let message) = result.outcome { return (code, message) }
        return nil
    }

    @Test(arguments: HubBackend.all) func helloAndAdminBodiesFollowTheStrictReadingRules(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            let schema = Schema.commendation.version
            let fine = "{\"node\":\"hn-office\",\"protocol_version\":1,\"schema_version\":\(schema)"
            let ok = try await Self.post(hub, "v1/hello", fine + ",\"x\":[1,{\"y\":null}]}", token: token)
            #expect(ok.status == 200, "an unknown member is skipped: \(ok.body)")
            for tail in [",\"x\":1.5}", ",\"x\":[1e2]}", ",\"x\":01}", ",\"x\":18446744073709551616}", "}  x"] {
                let answer = try await Self.post(hub, "v1/hello", fine + tail, token: token)
                #expect(answer.status == 400 && Self.code(answer.body) == "malformed_json", "hello ending \(tail): \(answer.status) \(answer.body)")
            }
            let fraction = try await Self.post(hub, "v1/hello", "{\"node\":\"hn-office\",\"protocol_version\":1.0,\"schema_version\":\(schema)}", token: token)
            #expect(fraction.status == 400 && fraction.body.contains("fraction"), "\(fraction.body)")
            let stale = try await Self.post(hub, "v1/hello", "{\"node\":\"hn-office\",\"protocol_version\":1,\"schema_version\":1}", token: token)
            #expect(stale.status == 409 && Self.code(stale.body) == "stale_schema", "\(stale.body)")
            #expect(stale.body.contains("this hub has schema \(schema), the client 1"), "§16 check 4: \(stale.body)")

            let admin = try await hub.store.registerNode(NodeID("ops"), role: .admin, scopes: ["*"])
            let node = "{\"node\":\"qn-office\",\"role\":\"province\",\"scopes\":[\"qn\"]"
            let refused = try await Self.post(hub, "v1/admin/nodes", node + ",\"note\":0.5}", token: admin)
            #expect(refused.status == 400 && Self.code(refused.body) == "malformed_json", "\(refused.body)")
            #expect(try await hub.store.nodes().contains { $0.id.rawValue == "qn-office" } == false)
            #expect(try await Self.post(hub, "v1/admin/nodes", node + "}", token: admin).status == 201)
        }
    }

    @Test(arguments: HubBackend.all) func aBreakOfTheReadingRulesAnywhereFailsThePushWhileBadVersionsFailAlone(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            let good = String(decoding: RecordCodec.encode(try hn.write(Domain.nomination("n1", scope: "hn"))), as: UTF8.self)
            let other = String(decoding: RecordCodec.encode(try hn.write(Domain.nomination("n2", scope: "hn"))), as: UTF8.self)
            #expect(good.contains("\"value\":2025}"))
            func push(_ elements: [String]) async throws -> (status: Int, body: String) {
                try await Self.post(hub, "v1/push", "{\"versions\":[\(elements.joined(separator: ","))]}", token: token)
            }
            let head = try await hub.store.latestSeq()
            // A fraction, an exponent or an integer beyond 64 bits inside one element, even in a
            // member the hub skips: the whole request, nothing applied.
            let requestLevel = [other.replacingOccurrences(of: "\"value\":2025}", with: "\"value\":2025.0}"),
                                other.replacingOccurrences(of: "{\"collection\"", with: "{\"x\":1.5,\"collection\""),
                                other.replacingOccurrences(of: "\"value\":2025}", with: "\"value\":2e3}"),
                                other.replacingOccurrences(of: "\"value\":2025}", with: "\"value\":9223372036854775808}")]
            for element in requestLevel {
                #expect(element != other)
                let answer = try await push([good, element])
                #expect(answer.status == 400 && Self.code(answer.body) == "malformed_json", "\(answer.status) \(answer.body)")
            }
            #expect(try await hub.store.latestSeq() == head, "a request refused as a whole applies nothing")

            // Valid JSON that is not a record version, or a version the schema refuses: that one alone.
            let shape = "{\"collection\":\"nominations\",\"id\":\"n9\"}"
            let repeated = other.replacingOccurrences(of: "{\"collection\":\"nominations\"", with: "{\"collection\":\"nominations\",\"collection\":\"nominations\"")
            let wrongType = other.replacingOccurrences(of: "\"value\":2025}", with: "\"value\":\"2025\"}")
            let answer = try await push([shape, repeated, good, wrongType])
            #expect(answer.status == 200, "\(answer.body)")
            let response = try PushResponse.decode(Array(answer.body.utf8))
            #expect(response.results.map { Self.rejection($0)?.code } == ["malformed_json", "malformed_json", nil, "wrong_type"])
            #expect(response.results[0].key.id == "" && response.results[1].key.id == "", "a shape error's key could not be read")
            #expect(response.results[2].outcome == .applied)
            #expect(response.results[3].key == RecordKey(collection: "nominations", id: "n2"))
            #expect(Self.rejection(response.results[3])?.message.contains("'year'") == true)
            #expect(try await hub.store.latestSeq() == head + 1)
        }
    }

    @Test(arguments: HubBackend.all) func textThatIsNotNFCIsRefusedPerVersionNamingTheField(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let composed = "Trần Thị Hồng Nhung", decomposed = "Trần Thị Hồng Nhung".decomposedStringWithCanonicalMapping
            #expect(!composed.utf8.elementsEqual(decomposed.utf8) && composed == decomposed, "Swift compares them equal; their bytes differ")
            // A foreign client's versions, holding decomposed text in a text field and in a list.
            var name = try hn.write(Domain.nomination("n1", scope: "hn"))
            let named = try #require(name.state.fields["nominee_name"]?.first)
            name.state.fields["nominee_name"] = [Sibling(dot: named.dot, timestamp: named.timestamp, role: named.role, value: .text(decomposed))]
            var campaign = try hn.write(LocalWrite(key: RecordKey(collection: "campaigns", id: "c1"), operation: .create(scope: "hn"),
                                                   values: ["title": .text("Thi đua yêu nước"), "targets": .textList(["Hoàn thành", "x"])]))
            let targets = try #require(campaign.state.fields["targets"]?.first)
            campaign.state.fields["targets"] = [Sibling(dot: targets.dot, timestamp: targets.timestamp, role: targets.role,
                                                        value: .textList(["x", "Hoàn thành".decomposedStringWithCanonicalMapping]))]
            let clean = try hn.write(Domain.nomination("n2", scope: "hn", name: composed))

            let response = try await hub.transport(token: try #require(try hn.syncState().token)).push([name, campaign, clean])
            let refused = response.results.map(Self.rejection)
            #expect(refused.map { $0?.code } == ["wrong_type", "wrong_type", nil])
            #expect(refused[0]?.message.contains("field 'nominee_name'") == true && refused[0]?.message.contains("NFC") == true, "\(refused[0]?.message ?? "")")
            #expect(refused[1]?.message.contains("field 'targets'") == true, "\(refused[1]?.message ?? "")")
            _ = try await hub.session(board).sync()
            #expect(try board.record(RecordKey(collection: "nominations", id: "n1")) == nil, "the hub stored nothing of a refused version")
            // A node applying such a version (a page from a hub of an earlier release, which
            // stored it as pushed) takes it: refusing it there would lose the record.
            let fromOlderHub = try board.apply([name])
            #expect(fromOlderHub.map(\.outcome) == [.applied], "\(fromOlderHub)")

            // The reference client writes decomposed input composed, so it never meets the refusal,
            // and every replica holds the same bytes.
            try hn.write(Domain.update("n2", ["nominee_name": .text(decomposed)]))
            let report = try await hub.session(hn).sync()
            #expect(report.rejected.isEmpty, "\(report.rejected)")
            _ = try await hub.session(board).sync()
            let atBoard = try #require(try board.record(RecordKey(collection: "nominations", id: "n2"))).version
            let atHn = try #require(try hn.record(RecordKey(collection: "nominations", id: "n2"))).version
            #expect(RecordCodec.encode(atBoard) == RecordCodec.encode(atHn))
            #expect(atBoard.state.fields["nominee_name"]?.first?.value.textValue.map { Array($0.utf8) } == Array(composed.utf8))
        }
    }
}
