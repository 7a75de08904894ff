import Foundation
import Testing

/// Crash safety: a real hub and real client processes are SIGKILLed at random instants during local
/// writes and syncs — the client, the hub, or both — and restarted; after syncing to quiescence,
/// every write a command reported as committed is in every replica entitled to it, none is
/// duplicated, and all replicas agree. `TDSYNC_CRASH_KILLS` sets how many kills must land
/// (default 12; the long mode is 100 or more), `TDSYNC_CRASH_SEED` replays a run.
@Suite(.serialized) struct CrashTests {
    /// One attempted write: a province's nomination, or the board's reason on one.
    struct Attempt {
        let value: String
        /// The command exited 0: it reported the write as committed.
        let reported: Bool
    }

    final class Harness {
        let sandbox: Sandbox
        let hub: ChaosHub
        var rng: SeededGenerator
        let provinces = ["hn", "dn"]
        var dbs: [String: String] = [:]
        var creates: [String: (scope: String, attempt: Attempt)] = [:]
        var boardReasons: [String: [Attempt]] = [:]
        var kills = (client: 0, hub: 0, both: 0)
        var next = 0

        init(seed: UInt64) throws {
            sandbox = try Sandbox()
            hub = try ChaosHub(sandbox: sandbox)
            rng = SeededGenerator(seed: seed)
            for (node, role, scope) in [("hn-office", "province", "hn"), ("dn-office", "province", "dn"), ("board", "board", "")] {
                let token = try runOK(["hub", "add-node", node, "--data", hub.data, "--role", role] + (scope.isEmpty ? [] : ["--scope", scope]))
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let db = sandbox.path("\(node).sqlite")
                dbs[scope.isEmpty ? "board" : scope] = db
                try runOK(["init", "--db", db, "--node", node, "--hub", hub.url, "--token", token])
            }
        }

        var landed: Int { kills.client + kills.hub + kills.both }

        /// Runs `arguments`, SIGKILLing it after `delay` seconds when `kill`; its exit code.
        func run(_ arguments: [String], killAfter delay: Double?) throws -> Int32 {
            let command = try ChaosProcess(arguments, directory: sandbox.url)
            if let delay {
                Thread.sleep(forTimeInterval: delay)
                if command.killIfRunning() { kills.client += 1 }
            }
            return command.wait()
        }

        /// One random step: a write or a sync, with a kill of the client, the hub or both.
        func step() throws {
            let delay = Double.random(in: 0...0.3, using: &rng)
            let node = (provinces + ["board"]).randomElement(using: &rng)!
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4:
                let code = provinces.randomElement(using: &rng)!
                next += 1
                let id = "\(code)-\(next)", name = "Nguyễn Văn Đức \(next)"
                let exit = try run(["nomination", "add", "--db", dbs[code]!, "--id", id, "--nominee", name, "--kind", "individual",
                                    "--year", "2025", "--title", "CSTDCS"], killAfter: Bool.random(using: &rng) ? delay : nil)
                creates[id] = (code, Attempt(value: name, reported: exit == 0))
            case 4:
                guard let id = creates.keys.sorted().randomElement(using: &rng) else { return }
                next += 1
                let reason = "Đã thẩm định lần \(next)"
                let exit = try run(["nomination", "edit", id, "--db", dbs["board"]!, "--board-status", "under_review", "--reason", reason],
                                   killAfter: Bool.random(using: &rng) ? delay : nil)
                boardReasons[id, default: []].append(Attempt(value: reason, reported: exit == 0))
            case 5..<8:
                _ = try run(["sync", "--db", dbs[node]!], killAfter: delay)
            default:
                let both = Bool.random(using: &rng)
                let sync = try ChaosProcess(["sync", "--db", dbs[node]!], directory: sandbox.url)
                Thread.sleep(forTimeInterval: delay)
                let clientKilled = both && sync.killIfRunning()
                let hubKilled = hub.kill()
                if clientKilled && hubKilled { kills.both += 1 } else if hubKilled { kills.hub += 1 } else if clientKilled { kills.client += 1 }
                let killed = Date()
                _ = sync.wait()
                // A client whose hub died gives up at once (it once retried until its 60 s deadline).
                #expect(Date().timeIntervalSince(killed) < 10, "a sync whose hub was killed took \(Date().timeIntervalSince(killed)) s to end")
                try hub.start()
            }
        }

        /// Syncs every node, no kills, until a whole round moves nothing; the rounds it took.
        func syncToQuiescence() throws -> Int {
            for round in 1...12 {
                var moved = 0
                for db in dbs.values.sorted() {
                    let object = try #require(try parseJSON(try runOK(["sync", "--db", db, "--json"])) as? [String: Any])
                    moved += (object["pushed"] as? Int ?? 1) + (object["pulled_changes"] as? Int ?? 1)
                }
                if moved == 0 { return round }
            }
            Issue.record("the replicas did not reach quiescence within 12 rounds")
            return 12
        }

        /// Each replica's nominations by id; records an issue for a duplicated id.
        func nominations(_ db: String) throws -> [String: [String: Any]] {
            let array = try #require(try parseJSON(try runOK(["nomination", "list", "--db", db, "--json"])) as? [[String: Any]])
            var byID: [String: [String: Any]] = [:]
            for object in array {
                let id = try #require(object["id"] as? String)
                #expect(byID[id] == nil, "\(id) appears twice in \(db)")
                byID[id] = object
            }
            return byID
        }
    }

    @Test func writesSurviveSIGKILLAtAnyInstant() throws {
        let environment = ProcessInfo.processInfo.environment
        let target = Int(environment["TDSYNC_CRASH_KILLS"] ?? "") ?? 12
        let seed = UInt64(environment["TDSYNC_CRASH_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64.max)
        let h = try Harness(seed: seed)
        defer { h.hub.stop(); h.sandbox.remove() }
        var steps = 0
        while h.landed < target && steps < target * 30 {
            try h.step()
            steps += 1
        }
        #expect(h.landed >= target, "only \(h.landed) of \(target) kills landed in \(steps) steps (seed \(seed))")
        let rounds = try h.syncToQuiescence()

        let replicas = try h.dbs.mapValues { try h.nominations($0) }
        let board = try #require(replicas["board"])
        var lostOrMissing: [String] = []
        for (id, create) in h.creates {
            let atOrigin = replicas[create.scope]?[id]
            if create.attempt.reported && atOrigin == nil { lostOrMissing.append("\(id): reported committed, missing at its origin") }
            guard atOrigin != nil else { continue }  // killed before it committed
            for holder in [create.scope, "board"] {
                let values = replicas[holder]?[id]?["values"] as? [String: Any]
                if values?["nominee_name"] as? String != create.attempt.value { lostOrMissing.append("\(id): not intact at \(holder)") }
            }
            for other in h.provinces where other != create.scope && replicas[other]?[id] != nil {
                lostOrMissing.append("\(id): reached \(other), which is not entitled to it")
            }
        }
        for (id, attempts) in h.boardReasons {
            let finals = [h.creates[id]!.scope, "board"].map { (replicas[$0]?[id]?["values"] as? [String: Any])?["board_reason"] as? String }
            if finals[0] != finals[1] { lostOrMissing.append("\(id): the board's reason differs between replicas: \(finals)") }
            // The last reported edit, or an edit attempted after it (killed, yet committed).
            let lastReported = attempts.lastIndex { $0.reported }
            let allowed = Set(attempts[(lastReported ?? 0)...].map(\.value))
            if let final = finals[1] {
                if !allowed.contains(final) { lostOrMissing.append("\(id): board reason '\(final)' is not the last committed edit") }
            } else if lastReported != nil {
                lostOrMissing.append("\(id): a committed board edit is missing")
            }
        }
        for (code, db) in h.dbs {
            let status = try #require(try parseJSON(try runOK(["status", "--db", db, "--json"])) as? [String: Any])
            #expect(status["outbox"] as? Int == 0 && status["open_conflicts"] as? Int == 0, "\(code) after quiescence: \(status)")
        }
        for code in h.provinces {
            let own = board.filter { ($0.value["scope"] as? String) == code }.mapValues { NSDictionary(dictionary: $0) }
            let held = (replicas[code] ?? [:]).mapValues { NSDictionary(dictionary: $0) }
            #expect(own == held, "\(code) and the board disagree on \(code)'s nominations")
        }
        #expect(lostOrMissing.isEmpty, "seed \(seed): \(lostOrMissing.prefix(10))")
        let committed = h.creates.values.filter { $0.attempt.reported }.count
        print("crash harness: seed \(seed), \(steps) steps, kills landed \(h.landed) (client \(h.kills.client), hub \(h.kills.hub), both \(h.kills.both)); "
              + "\(h.creates.count) creations attempted, \(committed) reported committed, \(board.count) at the board; "
              + "\(h.boardReasons.values.map(\.count).reduce(0, +)) board edits; quiescent after \(rounds) rounds; \(lostOrMissing.count) lost")
    }
}
