import ArgumentParser
import Foundation
import WebApp

/// `tdsync app-user`: the people who may log in to `tdsync app --users FILE`.
struct AppUserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app-user",
        abstract: "Manage the web app's logins: a users file of names and bcrypt password hashes.",
        discussion: """
            The file (mode 0600) holds one `name:bcrypt-hash` line per user and never a \
            password. `tdsync app --users FILE` reads it when it starts: restart the app after \
            a change.
            """,
        subcommands: [Add.self, Remove.self, List.self]
    )

    struct FileOption: ParsableArguments {
        @Option(help: ArgumentHelp("The users file.", valueName: "file"))
        var users: String

        /// The file's users; none yet when the file does not exist.
        func load() throws -> AppUsers {
            FileManager.default.fileExists(atPath: users) ? try AppUsers.load(users) : AppUsers()
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user, or set a user's new password.",
            discussion: """
                The password is asked twice at a terminal (not shown); otherwise it is the first \
                line of standard input, e.g. `printf '%s\\n' \"$PASSWORD\" | tdsync app-user add …`. \
                At least 8 characters.
                """)

        @OptionGroup var file: FileOption
        @Argument(help: "The user's name: letters, digits, '.', '_' or '-'.")
        var name: String

        func validate() throws {
            if let problem = AppUsers.validName(name) { throw ValidationError(problem) }
        }

        func run() throws {
            var users = try file.load()
            try users.set(name, password: try Self.readPassword())
            try users.save(file.users)
            Console.line("\(name): password set in \(file.users)")
        }

        /// Asked twice without echo at a terminal; the first line of standard input otherwise.
        static func readPassword() throws -> String {
            guard isatty(STDIN_FILENO) != 0 else {
                guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password on standard input") }
                return line
            }
            let first = getpass("Mật khẩu (password): ").map { String(cString: $0) } ?? ""
            let second = getpass("Nhập lại (again): ").map { String(cString: $0) } ?? ""
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user (takes effect when the app restarts).")
        @OptionGroup var file: FileOption
        @Argument(help: "The user's name.")
        var name: String

        func run() throws {
            var users = try file.load()
            guard users.remove(name) else { throw ValidationError("\(file.users) has no user '\(name)'") }
            try users.save(file.users)
            Console.line("\(name): removed from \(file.users)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users' names.")
        @OptionGroup var file: FileOption

        func run() throws {
            for entry in try file.load().entries { Console.line(entry.name) }
        }
    }
}
