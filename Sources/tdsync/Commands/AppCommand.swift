import ArgumentParser
import Foundation
import Logging
import WebApp

/// `tdsync app`: the web app on this node's own replica.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Open the web app on this replica: the province's and the board's everyday pages, in Vietnamese.",
        discussion: """
            Serves pages over the replica --db on 127.0.0.1 (default port 8765; --port 0 picks a \
            free one) and prints the address to open, with a secret made anew at every start: \
            http://127.0.0.1:PORT/?token=… (as Jupyter does). The first visit with the token sets \
            a session cookie; any request without it, or with a wrong token, is refused (403). \
            Every form carries a token and must come from the app's own page. The app works \
            offline and writes the same replica as the other commands: `tdsync sync`, the daemon \
            or the app's "Đồng bộ ngay" button carry its changes to the hub. A province office \
            sees its nominations (filters, search, add, edit, submit, withdraw, returned ones \
            with the board's reason) and imports an Excel workbook or CSV file as `tdsync import` \
            does: a dry run's per-row report first, then a confirm button that writes the valid \
            rows (uploads up to 10 MiB); the board sees the queue by province, each dossier, and \
            records approvals, returns and rejections. Both download the nominations and \
            people's years as the files `tdsync export-xlsx` and `export-csv` write. Runs until \
            SIGINT or SIGTERM. The \
            templates are in the tdsync_WebApp.resources folder beside the binary.

            --host other than a loopback address makes the pages reachable from other machines, \
            protected by the token alone, over plain HTTP: prefer an SSH tunnel.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8765

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, not \(port).") }
    }

    func run() async throws {
        var logger = Logger(label: "tdsync.app")
        logger.logLevel = .warning
        let app = WebApp(replica: try replica.open(), logger: logger)
        try await app.run(host: host, port: port) { url in
            Console.line("tdsync app: open \(url)")
            fflush(nil)
        }
    }
}
