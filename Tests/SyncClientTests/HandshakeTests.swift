import Commendation
import Testing
import SyncClient
@testable import SyncCore

/// The handshake's decisions as a pure function: every case fed as values, no hub, no file.
@Suite struct HandshakeTests {
    static let node = NodeID(unchecked: "hn-office")
    static let rules = CommendationSchema.provinces

    static func local(role: Role = .province, counter: UInt64 = 10, epoch: String? = "e1", cursor: Int64 = 50,
                      scopes: [String] = ["hn"]) -> Handshake.Local {
        Handshake.Local(node: node, role: role, counter: counter, knownEpoch: epoch, pullCursor: cursor, scopes: scopes)
    }

    static func hello(role: Role = .province, counter: UInt64 = 10, hubSeq: Int64 = 60, epoch: String? = "e1",
                      scopes: [String] = ["hn"]) -> HelloResponse {
        HelloResponse(protocolVersion: 1, schemaVersion: 2, node: node.rawValue, role: role, scopes: scopes, highestCounter: counter,
                      hubSeq: hubSeq, hubEpoch: epoch)
    }

    static func actions(_ hello: HelloResponse, _ local: Handshake.Local) throws -> [Handshake.Action] {
        try Handshake.actions(for: hello, local: local, scopes: rules)
    }

    @Test func nothingChangedMeansNothingToDo() throws {
        #expect(try Self.actions(Self.hello(), Self.local()) == [])
        #expect(try Self.actions(Self.hello(counter: 3), Self.local()) == [], "the hub behind our counter is no restore")
    }

    @Test func theFirstHandshakeRemembersTheEpoch() throws {
        #expect(try Self.actions(Self.hello(), Self.local(epoch: nil, cursor: 0)) == [.rememberEpoch("e1")])
        #expect(try Self.actions(Self.hello(epoch: nil), Self.local(epoch: nil)) == [], "a hub of an earlier release sends none")
    }

    @Test func aRestoredNodeContinuesAboveTheHubsCounterAndPullsItsWritesBack() throws {
        #expect(try Self.actions(Self.hello(counter: 25, hubSeq: 70), Self.local(counter: 10)) == [.raiseCounter(to: 25), .pullOwnWritesBack(upTo: 70)])
    }

    @Test func aRestoredHubGetsBackWhatTheNodeMayWrite() throws {
        // A new epoch (tdsync hub restore), or a log shorter than the cursor (restored without one).
        #expect(try Self.actions(Self.hello(epoch: "e2"), Self.local()) == [.resendForRestoredHub, .rememberEpoch("e2")])
        #expect(try Self.actions(Self.hello(hubSeq: 40), Self.local(cursor: 50)) == [.resendForRestoredHub])
        // A node restored at the same time pulls from 0 anyway: a short log is then no sign.
        #expect(try Self.actions(Self.hello(counter: 12, hubSeq: 40), Self.local(counter: 10, cursor: 50))
                == [.raiseCounter(to: 12), .pullOwnWritesBack(upTo: 40)])
        #expect(try Self.actions(Self.hello(counter: 12, hubSeq: 40, epoch: "e2"), Self.local(counter: 10, cursor: 50))
                == [.raiseCounter(to: 12), .pullOwnWritesBack(upTo: 40), .resendForRestoredHub, .rememberEpoch("e2")])
    }

    @Test func movedScopesAreTakenAndNewOnesArePulledFromTheStart() throws {
        // Vĩnh Phúc's office moves to Phú Thọ, which it was merged into: pt covers vinh-phuc, and more.
        #expect(try Self.actions(Self.hello(scopes: ["pt"]), Self.local(scopes: ["vinh-phuc"])) == [.adoptScopes(["pt"], restartPull: true)])
        // Back to a scope already covered: nothing new to pull.
        #expect(try Self.actions(Self.hello(scopes: ["vinh-phuc"]), Self.local(scopes: ["pt"])) == [.adoptScopes(["vinh-phuc"], restartPull: false)])
        #expect(try Self.actions(Self.hello(scopes: ["hn", "hn"]), Self.local()) == [], "the same scopes, however listed")
        #expect(try Self.actions(Self.hello(scopes: []), Self.local()) == [], "no scopes is no move")
        // A board sees every scope: scopes never move.
        #expect(try Self.actions(Self.hello(role: .board, scopes: ["*"]), Self.local(role: .board, scopes: ["*"])) == [])
        #expect(throws: SyncError.self) { try Self.actions(Self.hello(scopes: ["atlantis"]), Self.local()) }
    }

    @Test func aReplicaRegisteredWithAnotherRoleCannotSync() {
        do { _ = try Self.actions(Self.hello(role: .board), Self.local()); Issue.record("synced as another role") }
        catch let error as SyncError { #expect(error.code == .forbidden && error.message.contains("hn-office")) }
        catch { Issue.record("\(error)") }
    }
}
