import Foundation
import Testing
import SyncClient
import Commendation
import SyncCore

/// A transport that delivers the first push to the real hub and then loses the answer, as when
/// the connection is cut after the hub committed.
struct AnswerLosingTransport: SyncTransport {
    let real: HTTPTransport
    let lost: LostFlag

    final class LostFlag: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func firstTime() -> Bool { lock.withLock { defer { done = true }; return !done } }
    }

    func hello(_ request: HelloRequest) async throws -> HelloResponse { try await real.hello(request) }
    func pull(after cursor: Int64, limit: Int, wait: Int, includeOwn: Bool) async throws -> PullResponse {
        try await real.pull(after: cursor, limit: limit, wait: wait, includeOwn: includeOwn)
    }
    func push(_ versions: EncodedVersions) async throws -> PushResponse {
        let response = try await real.push(versions)
        if lost.firstTime() { throw SyncError(.hubUnreachable, "connection reset after the request was sent") }
        return response
    }
}

@Suite struct LostResponseTests {
    @Test(arguments: HubBackend.all) func aPushWhoseAnswerIsLostIsRetriedWithoutDuplicates(backend: HubBackend) async throws {
        try await HubFixture.with(backend: backend) { hub in
            let hn = try await hub.node("hn-office", role: .province, scopes: ["hn"])
            let board = try await hub.node("board", role: .board)
            try hn.write((1...25).map { Domain.nomination("n\($0)", scope: "hn") })
            let token = try #require(try hn.syncState().token)
            let flaky = SyncSession(replica: hn, transport: AnswerLosingTransport(real: hub.transport(token: token), lost: .init()))
            await #expect(throws: SyncError.self) { try await flaky.sync() }
            #expect(try hn.syncState().outboxSize == 25, "nothing leaves the outbox without the hub's answer")
            let seqBefore = try await hub.store.latestSeq()
            let retry = try await flaky.sync()
            #expect(retry.pushed.total == 25)
            #expect(retry.pushed.alreadyKnown == 25)
            #expect(try await hub.store.latestSeq() == seqBefore, "the retry changed nothing at the hub")
            #expect(try hn.syncState().outboxSize == 0)
            _ = try await hub.session(board).sync()
            #expect(try board.records(in: "nominations").count == 25)
        }
    }
}
