import Synchronization

/// Group commit: work items that arrive while a commit is running wait for it, then all of them
/// are committed together by the next one (one transaction, one fsync), and each caller gets its
/// own result only once that commit is durable. A caller that arrives while nothing is running
/// starts a commit at once, so a lone push waits for nobody.
final class GroupCommit<Item: Sendable, Outcome: Sendable>: Sendable {
    /// Commits a group; returns one outcome per item, in order. Throwing fails every item of the group.
    typealias Commit = @Sendable ([Item]) async throws -> [Outcome]

    private struct Waiting {
        let item: Item
        let weight: Int
        let continuation: CheckedContinuation<Outcome, any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var running = false
    }

    private let state = Mutex(State())
    private let commit: Commit
    private let maxWeight: Int

    /// `maxWeight`: a group stops growing past this total weight (versions, say), so one commit
    /// stays bounded; a group always takes at least one item.
    init(maxWeight: Int, commit: @escaping Commit) {
        self.maxWeight = maxWeight
        self.commit = commit
    }

    /// Whether a commit is running or about to.
    var isRunning: Bool { state.withLock { $0.running } }

    /// Queues `item` and returns its outcome once the group it joined has committed.
    func submit(_ item: Item, weight: Int) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state in
                state.queue.append(Waiting(item: item, weight: weight, continuation: continuation))
                if state.running { return false }
                state.running = true
                return true
            }
            if leads { Task { await self.drain() } }
        }
    }

    /// Commits groups until the queue is empty.
    private func drain() async {
        while true {
            let group: [Waiting] = state.withLock { state in
                guard !state.queue.isEmpty else {
                    state.running = false
                    return []
                }
                var total = 0, count = 0
                for waiting in state.queue {
                    if count > 0 && total + waiting.weight > maxWeight { break }
                    total += waiting.weight
                    count += 1
                }
                defer { state.queue.removeFirst(count) }
                return Array(state.queue.prefix(count))
            }
            if group.isEmpty { return }
            do {
                let outcomes = try await commit(group.map(\.item))
                precondition(outcomes.count == group.count, "a group commit answers every item")
                for (waiting, outcome) in zip(group, outcomes) { waiting.continuation.resume(returning: outcome) }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
