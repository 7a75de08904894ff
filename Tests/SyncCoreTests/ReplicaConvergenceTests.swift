import Foundation
import GRDB
import Testing
import TestSupport
@testable import SyncCore

/// Random histories through real SQLite replicas on disk: 5 nodes (a board and four regional
/// offices), creates, partial updates and deletes, change pages delivered out of order, twice,
/// and across partitions; then a full exchange.
@Suite struct ReplicaConvergenceTests {
    static let ids = ["n0", "n1", "n2"]
    static let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường"]
    static let provinceFields: [(String, [FieldValue])] = [
        ("title", names.map { .text($0) }),
        ("priority", [.integer(1), .integer(2), .integer(5)]),
        ("body", [.text("Hoàn thành xuất sắc nhiệm vụ"), .text("Có sáng kiến cấp tỉnh"), .null]),
        ("amount", [.decimal(DecimalText("1.5")!), .decimal(DecimalText("20")!), .null]),
        ("kind", [.text("memo"), .text("task")]),
    ]
    static let boardFields: [(String, [FieldValue])] = [
        ("review", [.text("pending"), .text("accepted"), .text("refused")]),
    ]

    private struct Step { let message: [RecordVersion] }

    private static func randomWrite(_ replica: Replica, using rng: inout SeededRandom) throws -> (LocalWrite, [String: FieldValue])? {
        let id = ids.randomElement(using: &rng)!
        let key = Fixtures.noteKey(id)
        let existing = try replica.record(key)
        if let existing, existing.version.state.isDeleted { return nil }   // deleted ids are never re-created
        if existing == nil {
            let write = Fixtures.createNote(id, title: names.randomElement(using: &rng)!, priority: Int64.random(in: 1...5, using: &rng))
            return (write, write.values.merging([RecordState.deletedField: .bool(false)]) { a, _ in a })
        }
        if rng.chance(0.15) {
            return (LocalWrite(key: key, operation: .delete), [RecordState.deletedField: .bool(true)])
        }
        let choices = replica.role == .board ? provinceFields + boardFields : provinceFields
        var values: [String: FieldValue] = [:]
        for (name, options) in choices.shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)) {
            values[name] = options.randomElement(using: &rng)!
        }
        return (Fixtures.update(id, values), values.merging([RecordState.deletedField: .bool(false)]) { a, _ in a })
    }

    private static func runHistory(seed: UInt64) throws -> String? {
        var rng = SeededRandom(seed: seed)
        let dir = try TemporaryDirectory()
        let replicas = try (0..<5).map { i in
            i == 0 ? try Fixtures.makeReplica(dir, "board", role: .board, scopes: [])
                   : try Fixtures.makeReplica(dir, "office\(i)", role: .province, scopes: ["north"])
        }
        var network = Network<[RecordVersion]>(nodes: replicas.count)
        var log: [WriteLog] = []
        func deliver(_ versions: [RecordVersion], to n: Int) throws -> String? {
            for result in try replicas[n].apply(versions) {
                if case .rejected(let code, let message) = result.outcome { return "\(result.key) rejected: \(code) \(message)" }
            }
            return nil
        }
        for _ in 0..<Int.random(in: 15...40, using: &rng) {
            let n = Int.random(in: 0..<replicas.count, using: &rng)
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < 0.45 {
                guard let (write, values) = try randomWrite(replicas[n], using: &rng) else { continue }
                let version = try replicas[n].write(write)
                let counter = version.state.vv[replicas[n].node]
                log.append(WriteLog(key: write.key.id, dot: Dot(node: replicas[n].node, counter: counter), values: values, vv: version.state.vv))
            } else if roll < 0.75 {
                let to = Int.random(in: 0..<replicas.count, using: &rng)
                let page = try replicas[n].changes(after: Int64(Schema.notes.seed.versions.count), limit: Int.random(in: 1...4, using: &rng))
                network.send(page.versions.filter { _ in rng.chance(0.8) }.shuffled(using: &rng), from: n, to: to)
            } else if roll < 0.95 {
                if let (to, versions) = network.takeRandom(using: &rng, duplicate: 0.3), let problem = try deliver(versions, to: to) {
                    return problem
                }
            } else {
                network.repartition(using: &rng)
            }
        }
        for n in 1..<replicas.count { if let p = try deliver(try replicas[n].changes(after: 0, limit: 10_000).versions, to: 0) { return p } }
        for n in 1..<replicas.count { if let p = try deliver(try replicas[0].changes(after: 0, limit: 10_000).versions, to: n) { return p } }

        let exports = try replicas.map { try $0.canonicalJSON() }
        for (n, export) in exports.enumerated() where export != exports[0] {
            return "replica \(replicas[n].node) exports differently from \(replicas[0].node) after a full exchange"
        }
        let expected = ExpectedState.compute(from: log)
        for record in try replicas[0].records(in: "notes", includeDeleted: true) {
            if let diff = ExpectedState.difference(record.version.state, expected[record.version.key.id] ?? RecordState()) {
                return "\(record.version.key): \(diff)"
            }
        }
        let exported = try replicas[0].export().conflicts.map { "\($0.collection)/\($0.id)/\($0.field)" }
        let tabled = try replicas[0].conflicts().map { "\($0.key)/\($0.field)" }
        if exported != tabled { return "conflict table \(tabled) disagrees with record states \(exported)" }
        return try typedTableProblem(replicas[0], dir: dir)
    }

    /// Checks that the typed table shows exactly the live records with their winning values.
    private static func typedTableProblem(_ replica: Replica, dir: TemporaryDirectory) throws -> String? {
        let live = try replica.records(in: "notes")
        let rows = try DatabaseQueue(path: replica.path).read { try Row.fetchAll($0, sql: "SELECT id, title, priority FROM notes ORDER BY id") }
        guard rows.map({ $0["id"] as String }) == live.map(\.version.key.id) else { return "typed table rows differ from live records" }
        for (row, record) in zip(rows, live) {
            let visible = replica.visibleValues(of: record.version)
            guard case .text(let name) = visible["title"], row["title"] == name else {
                return "typed table shows \(row["title"] as String? ?? "nil") for \(record.version.key), the winner is \(String(describing: visible["title"]))"
            }
        }
        return nil
    }

    @Test func replicasConvergeThroughSQLite() throws {
        let count = 100 * PropertySettings.scale
        for i in 0..<count {
            let seed = PropertySettings.baseSeed &+ 2_000_000 &+ UInt64(i)
            if let problem = try Self.runHistory(seed: seed) {
                Issue.record("seed \(seed): \(problem)")
                return
            }
        }
    }
}
