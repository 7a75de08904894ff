import Foundation
import HummingbirdBcrypt
import SyncCore

/// The people who may log in to the web app when it asks for a login: a text file of
/// `name:bcrypt-hash` lines (`#` starts a comment), written by `tdsync app-user` with mode 0600
/// and read once when the app starts. The file never holds a password, only its bcrypt hash.
public struct AppUsers: Sendable {
    /// Bcrypt's cost: 2^12 rounds, about a quarter of a second per check on this machine's kind.
    static let cost: UInt8 = 12

    /// Name → bcrypt hash, in the file's order.
    public private(set) var entries: [(name: String, hash: String)]

    /// No users yet.
    public init() { entries = [] }

    /// Reads `path`; `bad_request` naming the line when one is not `name:hash`, `not_configured`
    /// when the file cannot be read.
    public static func load(_ path: String) throws -> AppUsers {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SyncError(.notConfigured, "cannot read the users file \(path): \(error.localizedDescription)")
        }
        var users = AppUsers()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let parts = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.validName(parts[0]) == nil, parts[1].hasPrefix("$2") else {
                throw SyncError(.badRequest, "\(path) line \(index + 1): expected `name:bcrypt-hash`, as `tdsync app-user add` writes")
            }
            users.entries.append((parts[0], parts[1]))
        }
        return users
    }

    /// Writes the file anew with mode 0600 (the owner alone reads it).
    public func save(_ path: String) throws {
        let text = "# tdsync app users: name:bcrypt-hash, written by `tdsync app-user`\n"
            + entries.map { "\($0.name):\($0.hash)\n" }.joined()
        let url = URL(fileURLWithPath: path)
        try Data(text.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// Adds `name` or changes its password; `bad_request` for a name `validName` refuses or a
    /// password shorter than 8 characters.
    public mutating func set(_ name: String, password: String) throws {
        if let problem = Self.validName(name) { throw SyncError(.badRequest, problem) }
        guard password.count >= 8 else { throw SyncError(.badRequest, "the password must be at least 8 characters long") }
        let hash = Bcrypt.hash(password, cost: Self.cost)
        if let index = entries.firstIndex(where: { $0.name == name }) { entries[index].hash = hash } else { entries.append((name, hash)) }
    }

    /// Removes `name`; false when there was no such user.
    public mutating func remove(_ name: String) -> Bool {
        guard let index = entries.firstIndex(where: { $0.name == name }) else { return false }
        entries.remove(at: index)
        return true
    }

    /// Whether `password` is `name`'s, checked on a Dispatch queue (bcrypt takes a quarter of a
    /// second by design, which must not hold a thread of the cooperative pool). An unknown name
    /// costs the same time, so the answer's delay does not tell which names exist.
    func verify(_ name: String, password: String) async -> Bool {
        let hash = entries.first { $0.name == name }?.hash ?? Self.decoy
        let matches = await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
        return matches && entries.contains { $0.name == name }
    }

    /// A hash of a random password, checked against for names that do not exist.
    private static let decoy = Bcrypt.hash(UUID().uuidString, cost: cost)

    /// Nil for a usable user name (1–64 letters, digits, `.`, `_`, `-`), else what is wrong with it.
    public static func validName(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= 64, allowed else {
            return "a user name is 1–64 letters, digits, '.', '_' or '-', not '\(name)'"
        }
        return nil
    }
}
