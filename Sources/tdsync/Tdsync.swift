import ArgumentParser
import Foundation
import SyncCore

/// The `tdsync` command-line tool: local replica management for commendation records.
@main
struct Tdsync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tdsync",
        abstract: "Offline-first replicas of emulation and commendation (thi đua – khen thưởng) records.",
        discussion: """
            Every command works on one local replica file, named with --db. Create it once with \
            `tdsync init`, then add and edit campaigns (phong trào thi đua) and nominations \
            (đề nghị khen thưởng) offline. A province node writes the content of its records and \
            submits its nominations; the board records decisions (`nomination decide`: \
            board_status, decision_*, board_reason). Concurrent edits made on different nodes \
            become conflicts that `tdsync conflicts` lists, each with an id collection/id/field, \
            and `tdsync resolve` settles.

            Text is stored and printed in Unicode NFC. Errors from the sync engine are printed as \
            `error: <code>: <message>` and exit with the code's status: 2 bad input, 3 already \
            exists or no conflict, 4 not permitted, 5 not found, 6 unusable replica, 7 storage failure, \
            8 authentication failed, 9 hub unreachable, 10 the hub rejected some changes (sync), \
            11 incompatible hub; 64 is a usage error.

            Examples:
              tdsync init --db hn.db --node hn-office --scope hn
              tdsync campaign add --db hn.db --id hn-2025 --title "Chuyển đổi số năm 2025" \\
                  --kind thematic --starts-on 2025-01-15 --ends-on 2025-11-30
              tdsync nomination add --db hn.db --nominee "Nguyễn Văn An" \\
                  --kind individual --year 2025 --title CSTDCS --campaign hn-2025
              tdsync nomination list --db hn.db
              tdsync nomination submit --db hn.db <id>
              tdsync conflicts --db hn.db
              tdsync resolve nominations/<id>/achievements --db hn.db --take mine
              tdsync import --db hn.db de-nghi.csv --dry-run
              tdsync export-csv --db hn.db -o de-nghi.csv
            """,
        version: TdsyncVersion.current,
        subcommands: [
            InitCommand.self,
            NominationCommand.self,
            CampaignCommand.self,
            ConflictsCommand.self,
            ResolveCommand.self,
            MergeCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            ExportCSVCommand.self,
            ExportXlsxCommand.self,
            CheckCommand.self,
            SearchCommand.self,
            PersonCommand.self,
            InitiativeCommand.self,
            ReportCommand.self,
            DemoDataCommand.self,
            DecisionCommand.self,
            ServeCommand.self,
            AppCommand.self,
            AppUserCommand.self,
            HubCommand.self,
            SyncCommand.self,
            StatusCommand.self,
            ConnectCommand.self,
            DaemonCommand.self,
            DemoCommand.self,
        ]
    )

    /// Parses and runs a command, turning engine errors into `error: <code>: <message>` and the code's exit status.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as SyncError {
            Console.error("error: \(error.code.rawValue): \(TextNormalizer.nfc(error.message))")
            exit(withError: ExitCode(error.code.exitCode))
        } catch let error as CLIFailure {
            Console.error("error: \(error.message)")
            exit(withError: ExitCode.failure)
        } catch let error as ValidationError {
            // Thrown by run(), once the replica shows the input cannot work (parse-time ones arrive wrapped).
            Console.error("error: \(error.message)")
            exit(withError: ExitCode.validationFailure)
        } catch {
            exit(withError: error)
        }
    }
}

/// A failure outside the engine (an output file that cannot be written); exits with status 1.
struct CLIFailure: Error {
    let message: String
}
