import Foundation

/// Wakes long-polling pulls when the hub's change log grows.
///
/// A pull reads `generation` before it queries; if the query finds nothing it waits for a
/// generation above that one, so a change that lands between the query and the wait is not missed.
actor ChangeNotifier {
    private(set) var generation: UInt64 = 0
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    /// Waits whose timeout fired before they suspended, and waits that ended before their release.
    private var abandoned: Set<UUID> = []
    private var completed: Set<UUID> = []

    /// Called after every commit that changed the log.
    func changed() {
        generation &+= 1
        for (id, waiter) in waiters {
            completed.insert(id)
            waiter.resume()
        }
        waiters.removeAll()
    }

    /// Returns when the generation passes `seen`, or after `timeout`, whichever comes first.
    nonisolated func wait(after seen: UInt64, timeout: Duration) async {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id: id, after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            await self.release(id)
        }
    }

    private func suspend(id: UUID, after seen: UInt64) async {
        if abandoned.remove(id) != nil { return }
        if generation > seen { completed.insert(id); return }
        await withCheckedContinuation { waiters[id] = $0 }
    }

    private func release(_ id: UUID) {
        if let waiter = waiters.removeValue(forKey: id) {
            waiter.resume()
        } else if completed.remove(id) == nil {
            abandoned.insert(id)
        }
    }
}
