import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore
import SyncServer

/// The hub's write rules, scopes and authentication, against hostile requests.
@Suite(.serialized) struct HubRulesTests {
    func rejectionCode(_ result: ApplyResult) -> String? {
        if case .rejected(let code, _) = result.outcome { return code }
        return nil
    }

    func message(_ result: ApplyResult) -> String? {
        if case .rejected(_, let message) = result.outcome { return message }
        return nil
    }

    @Test(arguments: HubBackend.all) func badVersionsAreRejectedAloneWithTheirCodes(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            try hn.write(Domain.nomination("n1", scope: "hn"))
            _ = try await hub.session(hn).sync()
            _ = try await hub.session(board).sync()
            try board.write(Domain.update("n1", ["board_status": .text("approved"), "decision_number": .text("9/QĐ-BCT")]))
            _ = try await hub.session(board).sync()
            _ = try await hub.session(hn).sync()

            let me = try NodeID("hn-office"), boardID = try NodeID("board")
            let stored = try #require(try hn.record(RecordKey(collection: "nominations", id: "n1"))).version
            let counter = try await hn.nodeState().counter
            func sibling(_ node: NodeID, _ c: UInt64, _ role: Role, _ value: FieldValue) -> Sibling {
                Sibling(dot: Dot(node: node, counter: c), timestamp: HLCTimestamp(physical: 1, logical: 0), role: role, value: value)
            }
            // 1. A good new record.
            let good = try hn.write(Domain.nomination("n2", scope: "hn"))
            // 2. Another province's scope.
            var elsewhere = good
            elsewhere = RecordVersion(key: RecordKey(collection: "nominations", id: "n3"), scope: "hcm", state: good.state)
            // 3. Erasing the board's decision by leaving the field out.
            var erased = stored
            erased.state.fields["decision_number"] = nil
            // 4. A write under the board's id.
            var forged = stored
            forged.state.vv.add(Dot(node: boardID, counter: 99))
            forged.state.fields["achievements"] = [sibling(boardID, 99, .board, .text("giả mạo"))]
            // 5. Own dot but claiming the board's role on a board field.
            var claimed = stored
            claimed.state.vv.add(Dot(node: me, counter: counter + 50))
            claimed.state.fields["board_status"] = [sibling(me, counter + 50, .board, .text("rejected"))]
            // 6. The same claim made as a local write makes it, re-stamping `_deleted` (§18.4).
            var stamped = claimed
            stamped.state.fields["_deleted"] = [sibling(me, counter + 50, .board, .bool(false))]

            let response = try await hub.transport(token: try #require(try hn.syncState().token)).push([good, elsewhere, erased, forged, claimed, stamped])
            #expect(response.results.map(rejectionCode) == [nil, "scope_violation", "bad_change", "foreign_dot", "field_not_owned", "field_not_owned"])
            #expect(response.results[0].outcome == .applied)
            // W3 checks fields in name order: `_deleted` sorts before `board_status`.
            let claim = "write hn-office:\(counter + 50) claims role board, but node hn-office is registered as province"
            #expect(message(response.results[4]) == "nominations/n1 field 'board_status': \(claim)")
            #expect(message(response.results[5]) == "nominations/n1 field '_deleted': \(claim)")
            #expect(message(response.results[2]) == "nominations/n1: the version drops the value of 'decision_number' without writing a newer one")
            _ = try await hub.session(board).sync()
            let boardView = try #require(try board.record(RecordKey(collection: "nominations", id: "n1")))
            #expect(board.visibleValues(of: boardView.version)["decision_number"] == .text("9/QĐ-BCT"))
            #expect(board.visibleValues(of: boardView.version)["board_status"] == .text("approved"))
            #expect(try board.record(RecordKey(collection: "nominations", id: "n2")) != nil)
            #expect(try board.record(RecordKey(collection: "nominations", id: "n3")) == nil)
        }
    }

    @Test(arguments: HubBackend.all) func provincesSeeOnlyTheirOwnScopeAndNationalData(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let board = try await hub.node("board", role: .board)
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let hcm = try await hub.node("hcm-office", role: .province, scopes: ["hcm"])
            try hcm.write(Domain.nomination("hcm-1", scope: "hcm"))
            try hn.write(Domain.nomination("hn-1", scope: "hn"))
            for replica in [hcm, hn, board, hn, hcm] { _ = try await hub.session(replica).sync() }
            #expect(try hn.records(in: "nominations").map(\.version.key.id) == ["hn-1"])
            #expect(try hcm.records(in: "nominations").map(\.version.key.id) == ["hcm-1"])
            #expect(try board.records(in: "nominations").count == 2)
            // Even asking the hub directly for everything gives only hn and national records.
            let page = try await hub.transport(token: try #require(try hn.syncState().token)).pull(after: 0, limit: 2_000, wait: 0)
            #expect(page.versions.allSatisfy { $0.scope == "hn" || $0.scope == Scope.national })
        }
    }

    @Test(arguments: HubBackend.all) func tokensAreCheckedRotatedAndRevoked(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            #expect(try await rawRequest(hub.url, "v1/pull").status == 401)
            #expect(try await rawRequest(hub.url, "v1/pull", token: "tds1.hn-office.wrong").status == 401)
            #expect(try await rawRequest(hub.url, "v1/pull", token: "garbage").status == 401)
            #expect(try await rawRequest(hub.url, "v1/pull", token: token).status == 200)
            let rotated = try await hub.store.rotateToken(NodeID("hn-office"))
            #expect(try await rawRequest(hub.url, "v1/pull", token: token).status == 401)
            #expect(try await rawRequest(hub.url, "v1/pull", token: rotated).status == 200)
            try await hub.store.revoke(NodeID("hn-office"))
            let revoked = try await rawRequest(hub.url, "v1/pull", token: rotated)
            #expect(revoked.status == 401)
            #expect(revoked.body.contains("\"unauthorized\""))
        }
    }

    @Test(arguments: HubBackend.all) func malformedRequestsGetClearErrorsAndTheHubStaysUp(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let token = try #require(try hn.syncState().token)
            let cases: [(String, String, Data?, Int, String)] = [
                ("v1/push", "POST", Data("{\"versions\": [".utf8), 400, "malformed_json"),
                ("v1/push", "POST", Data("not json".utf8), 400, "malformed_json"),
                ("v1/hello", "POST", Data("{\"protocol_version\":99,\"schema_version\":1,\"node\":\"hn-office\"}".utf8), 409, "incompatible_protocol"),
                ("v1/hello", "POST", Data("{\"protocol_version\":1,\"schema_version\":7,\"node\":\"hn-office\"}".utf8), 409, "stale_schema"),
                ("v1/hello", "POST", Data("{\"protocol_version\":1,\"schema_version\":\(Schema.commendation.version),\"node\":\"board\"}".utf8), 401, "unauthorized"),
                ("v1/pull?after=abc", "GET", nil, 400, "bad_request"),
                ("v1/pull?limit=-5", "GET", nil, 400, "bad_request"),
                ("v1/admin/nodes", "GET", nil, 403, "forbidden"),
            ]
            for (path, method, body, status, code) in cases {
                let answer = try await rawRequest(hub.url, path, method: method, body: body, token: token)
                #expect(answer.status == status, "\(method) \(path): \(answer.body)")
                #expect(answer.body.contains("\"\(code)\""), "\(method) \(path): \(answer.body)")
            }
            // A version with a bad shape inside a good body is rejected alone.
            let good = try hn.write(Domain.nomination("ok-1", scope: "hn"))
            let goodJSON = String(decoding: RecordCodec.encode(good), as: UTF8.self)
            let body = Data("{\"versions\":[{\"collection\":\"nominations\",\"id\":\"x\"},\(goodJSON),{\"collection\":\"ghosts\",\"id\":\"g\",\"scope\":\"hn\",\"vv\":{},\"fields\":{}}]}".utf8)
            let mixed = try await rawRequest(hub.url, "v1/push", method: "POST", body: body, token: token)
            #expect(mixed.status == 200)
            let response = try WireJSON.decode(PushResponse.self, from: Data(mixed.body.utf8))
            #expect(response.results.map(rejectionCode) == ["malformed_json", nil, "unknown_collection"])
            #expect(try await rawRequest(hub.url, "healthz").status == 200)
        }
    }
}
