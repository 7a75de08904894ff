import ArgumentParser
import Foundation
import SyncCore

/// `tdsync export`: the replica's canonical JSON export, byte-identical for identical data.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the canonical JSON export of the replica (records and open conflicts).",
        discussion: "Two replicas holding the same data export the same bytes, so exports can be compared with diff or a hash."
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let data = try replica.open().canonicalJSON()
        guard let output else {
            Console.raw(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIFailure(message: "cannot write the export to \(output): \(error.localizedDescription)")
        }
    }
}
