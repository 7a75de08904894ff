import GRDB

extension Replica {
    /// Applies every seeded version of the schema's reference data that this replica lacks or
    /// holds at a lower edition (`SeedData`), and returns their outcomes. Every replica computes
    /// the same states, and seeding puts nothing in the outbox: every node seeds its own copy.
    @discardableResult
    func applySeedData() throws -> [ApplyResult] {
        guard !schema.seed.versions.isEmpty else { return [] }
        let stale = try storage {
            try pool.read { db in
                try schema.seed.versions.filter { seeded in
                    guard let stored = try load(seeded.key, in: db) else { return true }
                    return SeedData.edition(of: stored.state) < SeedData.edition(of: seeded.state)
                }
            }
        }
        guard !stale.isEmpty else { return [] }
        return try apply(stale, outbox: .unchanged)
    }

    /// `applySeedData` when a replica is opened, best effort: a replica that cannot take the
    /// newer reference data now (a damaged entry, which `tdsync check` and the reads of that entry
    /// report; a busy file) opens with what it has and takes it at a later open, saying so only at
    /// debug level (a command's stderr stays its own).
    func upgradeSeedData() {
        do {
            let results = try applySeedData()
            for result in results {
                // Only a replica holding a forged seed value refuses it; it keeps the older entry.
                if case .rejected(let code, let message) = result.outcome {
                    logger.debug("reference entry not upgraded", metadata: ["key": "\(result.key)", "code": "\(code)", "message": "\(message)"])
                }
            }
            if !results.isEmpty { logger.debug("reference data upgraded", metadata: ["entries": "\(results.count)"]) }
        } catch {
            logger.debug("reference data not upgraded", metadata: ["error": "\(error)"])
        }
    }

    /// Whether `merged` is what the sender holds once it has this replica's reference data:
    /// nothing to push, since every node seeds its own copy (a node ahead of the hub's edition
    /// would otherwise push seed values the hub refuses as `foreign_dot`).
    func differsBySeedOnly(_ merged: RecordState, from version: RecordVersion) -> Bool {
        guard let seed = schema.seed[version.key] else { return false }
        return version.state.merging(seed.state) == merged
    }
}
