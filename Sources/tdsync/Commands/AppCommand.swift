import ArgumentParser
import Foundation
import Logging
import SyncServer
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
            records approvals, returns and rejections. Both see the sync status, the conflicts \
            and the statistics, and download the nominations and people's years as the files \
            `tdsync export-xlsx` and `export-csv` write. Runs until SIGINT or SIGTERM. The \
            templates are in the tdsync_WebApp.resources folder beside the binary.

            With --users FILE (made with `tdsync app-user add`) people log in with a name and \
            password instead, and no token is printed; sessions end after 12 idle hours, at \
            logout or when the app stops, and five wrong passwords lock a name for a minute. \
            --host other than a loopback address makes the pages reachable from other machines \
            and needs --users, and either --tls-cert and --tls-key (HTTPS) or --plain-http (a \
            TLS-terminating proxy in front, or a network you trust with passwords in clear).

            The board's queue takes one decision for every nomination ticked: those that \
            cannot take it (withdrawn, or decided meanwhile) are listed with the engine's \
            reason, the others are decided. /registrations lists the campaigns and who \
            registered for them; a province registers a unit for a campaign there, edits or \
            withdraws a registration.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.")
    var port = 8765

    @Option(help: ArgumentHelp("Ask for a login from the users in this file (see `tdsync app-user`).", valueName: "file"))
    var users: String?

    @Option(help: ArgumentHelp("The app's certificate chain (PEM); serve HTTPS with --tls-key.", valueName: "file"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The private key (PEM) of --tls-cert.", valueName: "file"))
    var tlsKey: String?

    @Flag(help: "Serve plain HTTP on an address other machines reach (passwords then cross the network in clear).")
    var plainHttp = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, not \(port).") }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together: give both, or neither.") }
        guard !Self.isLoopback(host) else { return }
        guard users != nil else {
            throw ValidationError("--host \(host) makes the app reachable from other machines: give --users FILE (made with `tdsync app-user add`) so people log in.")
        }
        guard tlsCert != nil || plainHttp else {
            throw ValidationError("--host \(host) with logins: give --tls-cert and --tls-key to serve HTTPS, or --plain-http when a TLS proxy is in front.")
        }
    }

    func run() async throws {
        var logger = Logger(label: "tdsync.app")
        logger.logLevel = .warning
        let tls = tlsCert.map { HubTLS(certificateChainFile: $0, privateKeyFile: tlsKey ?? "") }
        var access = Access.launchToken(tls: tls != nil)
        if let users {
            let people = try AppUsers.load(users)
            if people.entries.isEmpty {
                Console.line("tdsync app: warning: \(users) holds no user yet; add one with `tdsync app-user add --users \(users) NAME`")
            }
            access = .login(people, tls: tls != nil)
        }
        let app = WebApp(replica: try replica.open(), access: access, tls: tls, logger: logger)
        try await app.run(host: host, port: port) { url in
            Console.line("tdsync app: open \(url)")
            fflush(nil)
        }
    }

    /// 127.0.0.0/8, ::1 and localhost: addresses other machines cannot reach.
    static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        return lower == "localhost" || lower == "::1" || lower == "[::1]" || lower.hasPrefix("127.")
    }
}
