import ArgumentParser
import Foundation
import Commendation
import SyncCore
import SyncServer

/// `tdsync hub …`: node administration on the hub's data (a directory, or a PostgreSQL database).
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Register nodes and manage their tokens (on the hub's machine).",
        discussion: """
            These commands work on the hub's data directly (--data DIR, or --database URL for \
            PostgreSQL); they may run while the hub serves. A data directory must exist: run \
            `tdsync serve --data DIR` once to create it.
            """,
        subcommands: [AddNode.self, ListNodes.self, RotateToken.self, Revoke.self, SetScopes.self, Backup.self, Restore.self]
    )

    struct AddNode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-node", abstract: "Register a node and print its token (shown once).")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var storage: HubStoreOptions
        @Option(help: "The node's role.") var role: RoleChoice
        @Option(name: .customLong("scope"), help: ArgumentHelp("A province the node may read and write (repeatable).", valueName: "code"))
        var scopes: [String] = []
        @Flag(help: "Print {node, token} as JSON.") var json = false

        func run() async throws {
            let token = try await storage.withStore { try await $0.registerNode(try NodeID(node), role: role.role, scopes: scopes) }
            if json { try Console.json(["node": node, "token": token]) } else { Console.line(token) }
        }
    }

    struct ListNodes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-nodes", abstract: "List registered nodes.")

        @OptionGroup var storage: HubStoreOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let nodes = try await storage.withStore { try await $0.nodes() }.map(NodeSummary.init)
            if json { try Console.json(nodes); return }
            var table = TextTable(header: ["node", "role", "scopes", "highest counter", "last pull", "revoked"])
            for n in nodes {
                table.rows.append([n.node, n.role, n.scopes.joined(separator: " "), String(n.highestCounter),
                           n.lastSeenSeq.map { "\($0) at \(n.lastSeenAt ?? "?")" } ?? "-", n.revoked ? "yes" : "no"])
            }
            table.print()
        }
    }

    struct RotateToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-token", abstract: "Give a node a new token; the old one stops working at once.")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var storage: HubStoreOptions

        func run() async throws { Console.line(try await storage.withStore { try await $0.rotateToken(try NodeID(node)) }) }
    }

    struct SetScopes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-scopes",
            abstract: "Move a province or reader node to other scopes (after the 2025 merger: a merged province's office to its successor's).",
            discussion: """
                The node adopts the new scopes at its next sync and pulls again from the start, so \
                it receives the records of its new scopes. Its own records keep the scope they \
                were created in (their issuer); a merged province's scope belongs to its successor \
                (vinh-phuc to pt), so they stay visible and writable.
                """)

        @Argument(help: "The node's id.") var node: String
        @Option(help: ArgumentHelp("A scope (repeatable).", valueName: "code")) var scope: [String]
        @OptionGroup var storage: HubStoreOptions

        func run() async throws {
            try await storage.withStore { try await $0.setScopes(try NodeID(node), scopes: scope) }
            Console.line("\(node): scopes \(Array(Set(scope)).sorted().joined(separator: " "))")
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write a consistent copy of the hub's data into a new directory (the hub may keep serving).",
            discussion: "For --data only: a PostgreSQL hub is backed up with pg_dump (docs/deployment.md).")

        @OptionGroup var storage: HubStoreOptions
        @Option(help: ArgumentHelp("The directory to write the copy into.", valueName: "dir")) var to: String

        func run() async throws {
            guard let data = storage.data else {
                throw SyncError(.badRequest, "a PostgreSQL hub is backed up with pg_dump, not tdsync (see docs/deployment.md)")
            }
            try SQLiteHubStore(directory: data, schema: .commendation, mustExist: true).backup(to: to)
            Console.line("backed up \(data) to \(to)")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Replace the hub's data with a backup (stop the hub first).",
            discussion: """
                The restored hub gets a new epoch: at their next sync, nodes notice it and push back \
                everything they may write that the backup lacks, so nothing written since the backup \
                is lost. With --database, restore the database with pg_restore first; this command \
                then only renews the epoch (give no --from).
                """)

        @OptionGroup var storage: HubStoreOptions
        @Option(help: ArgumentHelp("A directory written by `tdsync hub backup` (--data only).", valueName: "dir")) var from: String?

        func validate() throws {
            if storage.data != nil && from == nil { throw ValidationError("give --from DIR, a directory written by `tdsync hub backup`.") }
            if storage.data == nil && from != nil { throw ValidationError("--from is for --data; restore a PostgreSQL hub with pg_restore, then run this without --from.") }
        }

        func run() async throws {
            guard let data = storage.data, let from else {
                try await storage.withStore { try await $0.renewEpoch() }
                Console.line("renewed the epoch of \(storage.describe); nodes will re-push what the restored database lacks at their next sync")
                return
            }
            let source = (from as NSString).appendingPathComponent("hub.sqlite")
            guard FileManager.default.fileExists(atPath: source) else {
                throw SyncError(.replicaUnusable, "\(from) holds no hub backup (no hub.sqlite)")
            }
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            let target = (data as NSString).appendingPathComponent("hub.sqlite")
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            try FileManager.default.copyItem(atPath: source, toPath: target)
            let store = try SQLiteHubStore(directory: data, schema: .commendation, mustExist: true)
            try await store.renewEpoch()
            await store.close()
            Console.line("restored \(data) from \(from); nodes will re-push what the backup lacks at their next sync")
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a node's token; its data stays. rotate-token re-admits it.")

        @Argument(help: "The node's id.") var node: String
        @OptionGroup var storage: HubStoreOptions

        func run() async throws {
            try await storage.withStore { try await $0.revoke(try NodeID(node)) }
            Console.line("revoked \(node)")
        }
    }
}
