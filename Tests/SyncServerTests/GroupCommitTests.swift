import Commendation
import Foundation
import Synchronization
import Testing
import TestSupport
@testable import SyncCore
@testable import SyncServer

/// Group commit: work that arrives during a commit is committed together by the next one, every
/// caller gets its own outcome, a failed commit fails only its own group; and concurrent pushes
/// into the SQLite hub store all land, each with its own results and counters.
@Suite struct GroupCommitTests {
    /// A gate the first commit waits at, so the items submitted meanwhile must queue.
    final class Gate: Sendable {
        private let opened = Mutex(false)
        func open() { opened.withLock { $0 = true } }
        func wait() async { while !opened.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(2)) } }
    }

    @Test func itemsArrivingDuringACommitShareTheNextOne() async throws {
        let gate = Gate()
        let groups = Mutex<[[Int]]>([])
        let commit = GroupCommit<Int, Int>(maxWeight: 1_000) { items in
            if items == [0] { await gate.wait() }
            groups.withLock { $0.append(items) }
            return items.map { $0 * 10 }
        }
        let outcomes = try await withThrowingTaskGroup(of: (Int, Int).self) { tasks in
            tasks.addTask { (0, try await commit.submit(0, weight: 1)) }
            // Wait until item 0's commit has started, then queue nine more behind it.
            while !commit.isRunning { try await Task.sleep(for: .milliseconds(1)) }
            for i in 1...9 { tasks.addTask { (i, try await commit.submit(i, weight: 1)) } }
            try await Task.sleep(for: .milliseconds(100))
            gate.open()
            var all: [Int: Int] = [:]
            for try await (i, outcome) in tasks { all[i] = outcome }
            return all
        }
        #expect(outcomes == Dictionary(uniqueKeysWithValues: (0...9).map { ($0, $0 * 10) }))
        let seen = groups.withLock { $0 }
        #expect(seen.first == [0])
        #expect(seen.count == 2 && Set(seen[1]) == Set(1...9), "groups: \(seen)")
    }

    @Test func aGroupStopsAtItsWeightAndAFailedCommitFailsOnlyItsGroup() async throws {
        let gate = Gate()
        let groups = Mutex<[[Int]]>([])
        let commit = GroupCommit<Int, Int>(maxWeight: 5) { items in
            if items == [0] { await gate.wait() }
            groups.withLock { $0.append(items) }
            if items.contains(3) { throw SyncError(.storageFailure, "disk full") }
            return items
        }
        let outcomes = await withTaskGroup(of: (Int, Result<Int, any Error>).self) { tasks in
            tasks.addTask { (0, await Self.outcome { try await commit.submit(0, weight: 1) }) }
            while !commit.isRunning { try? await Task.sleep(for: .milliseconds(1)) }
            for i in 1...6 {
                tasks.addTask { (i, await Self.outcome { try await commit.submit(i, weight: 2) }) }
                try? await Task.sleep(for: .milliseconds(5))   // queued in order
            }
            gate.open()
            var all: [Int: Result<Int, any Error>] = [:]
            for await (i, outcome) in tasks { all[i] = outcome }
            return all
        }
        let seen = groups.withLock { $0 }
        // Weight 2 each under a limit of 5: two per group after the first.
        #expect(seen == [[0], [1, 2], [3, 4], [5, 6]])
        for i in [0, 1, 2, 5, 6] { #expect((try? outcomes[i]?.get()) == i) }
        for i in [3, 4] { #expect((try? outcomes[i]?.get()) == nil, "item \(i) of the failed group") }
    }

    static func outcome(_ body: () async throws -> Int) async -> Result<Int, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test func concurrentPushesIntoTheSQLiteStoreAllLandWithTheirOwnResults() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteHubStore(directory: dir.path("hub"), schema: .commendation)
        let provinces = Array(CommendationSchema.provinces.codes.prefix(12))
        let generator = NominationGenerator()
        var nodes: [(RegisteredNode, [RecordVersion])] = []
        for code in provinces {
            let id = NodeID(unchecked: "\(code)-office")
            _ = try await store.registerNode(id, role: .province, scopes: [code])
            let replica = try Replica.create(at: dir.path("\(code).sqlite"), schema: .commendation, node: id, role: .province, scopes: [code])
            try replica.write((0..<50).map { generator.nomination($0, scope: code, id: "\(code)-n\($0)") })
            let versions = try replica.outbox(limit: 100).map(\.version)
            try await replica.close()
            nodes.append((try #require(try await store.nodes().first { $0.id == id }), versions))
        }
        let answers = try await withThrowingTaskGroup(of: (NodeID, PushResponse).self) { tasks in
            for (node, versions) in nodes {
                tasks.addTask { (node.id, try await store.push(versions.map { .success($0) }, from: node)) }
            }
            var all: [NodeID: PushResponse] = [:]
            for try await (id, response) in tasks { all[id] = response }
            return all
        }
        for (node, versions) in nodes {
            let response = try #require(answers[node.id])
            #expect(response.results.map(\.key) == versions.map(\.key))
            #expect(response.results.allSatisfy { $0.outcome == .applied }, "\(node.id)")
        }
        let registered = try await store.nodes()
        for (node, versions) in nodes {
            #expect(registered.first { $0.id == node.id }?.highestCounter == versions.map { $0.state.vv[node.id] }.max())
        }
        #expect(try await store.latestSeq() >= Int64(provinces.count * 50))
        await store.close()
    }
}
