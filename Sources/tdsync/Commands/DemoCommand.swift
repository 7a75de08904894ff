import ArgumentParser
import Foundation
import Logging
import Commendation
import SyncCore
import SyncServer

/// `tdsync demo`: a whole national round in seconds, on loopback, in temporary directories.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a demonstration: a hub, the board and three provinces syncing on loopback.",
        discussion: """
            Starts a hub on a free loopback port with temporary directories, registers the \
            central board and the offices of Phú Thọ, Hà Nội and Nghệ An, lets the provinces \
            create campaigns and nominations offline, syncs, lets the board decide, produces a \
            real concurrent edit and shows the conflict on both sides, resolves it, and prints \
            the board's consolidated table. Everything is removed at the end.
            """
    )

    @Flag(help: "Keep the temporary directory and print its path.") var keep = false

    func run() async throws {
        let started = ContinuousClock.now
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        var logger = Logger(label: "tdsync.demo")
        logger.logLevel = .critical
        let store = try SQLiteHubStore(directory: work.appendingPathComponent("hub").path, schema: .commendation, logger: logger)
        let server = try await Hub(store: store, logger: logger).start()
        let url = server.url
        Demo.step("A hub listens on \(url); the board and three provincial offices register")

        var nodes: [String: Replica] = [:]
        for (id, role, scope) in [("board", Role.board, nil), ("pt-office", .province, "pt"), ("hn-office", .province, "hn"), ("na-office", .province, "na")] {
            let token = try await store.registerNode(NodeID(id), role: role, scopes: scope.map { [$0] } ?? [])
            let replica = try Replica.create(at: work.appendingPathComponent("\(id).sqlite").path, schema: .commendation, node: NodeID(id), role: role,
                                             scopes: scope.map { [$0] } ?? [], durability: .normal)
            try replica.configureHub(url: url, token: token)
            nodes[id] = replica
            Console.line("  \(id): \(role.rawValue)\(scope.map { ", scope \($0) (\(Demo.provinceName($0)))" } ?? ", every scope")")
        }
        let board = nodes["board"]!, pt = nodes["pt-office"]!, hn = nodes["hn-office"]!, na = nodes["na-office"]!

        Demo.step("Offline, each office records its campaign and nominations")
        for (replica, scope) in [(pt, "pt"), (hn, "hn"), (na, "na")] {
            let writes = Demo.officeWork(scope: scope)
            try replica.write(writes)
            Console.line("  \(replica.node): \(writes.count - 1) nominations and 1 campaign, outbox \(try replica.syncState().outboxSize)")
        }
        try board.write(Demo.nationalCampaign())

        Demo.step("Everyone syncs")
        for replica in [pt, hn, na, board, pt, hn, na] { try await Demo.sync(replica) }

        Demo.step("The board decides")
        try board.write(Demo.decisions())
        for line in Demo.decisionLines { Console.line("  \(line)") }
        try await Demo.sync(board)

        Demo.step("A real concurrent edit: Hà Nội and the board both change hn-002's achievements offline")
        try hn.write(Demo.edit("hn-002", achievements: "Sáng kiến \"Số hóa hồ sơ thi đua\" được công nhận cấp thành phố"))
        try board.write(Demo.edit("hn-002", achievements: "Đề nghị bổ sung minh chứng về sáng kiến"))
        for replica in [hn, board, hn] { try await Demo.sync(replica) }
        for replica in [hn, board] { try Demo.showConflicts(replica) }

        Demo.step("Hà Nội resolves it; the resolution spreads like any write")
        try hn.resolve(RecordKey(collection: "nominations", id: "hn-002"), field: "achievements",
                       with: .text("Sáng kiến \"Số hóa hồ sơ thi đua\" được công nhận cấp thành phố (đã bổ sung minh chứng)"))
        for replica in [hn, board, pt, na] { try await Demo.sync(replica) }
        Console.line("  open conflicts: board \(try board.conflicts().count), hn-office \(try hn.conflicts().count)")
        for (replica, scope) in [(pt, "pt"), (hn, "hn"), (na, "na")] {
            let same = try Demo.entitled(replica, scope) == Demo.entitled(board, scope)
            Console.line("  \(replica.node) holds exactly the board's \(scope) and national records: \(same ? "yes" : "NO")")
            if !same { throw SyncError(.badChange, "the demo replicas did not converge") }
        }

        Demo.step("The board's consolidated table")
        try Demo.printSummary(board)
        if keep { Console.line("\nfiles kept in \(work.path)") }
        await server.stop()
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
        Console.line(String(format: "\ndemo finished in %.1f s", seconds))
    }
}
