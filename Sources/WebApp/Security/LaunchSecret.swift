import Crypto
import Foundation

/// The secret of one launch of the app: the token in the URL it prints, and what is derived
/// from it (the session cookie's value, the forms' token). A new one at every start, so a URL
/// or a cookie of an earlier launch opens nothing.
public struct LaunchSecret: Sendable {
    /// The token in the printed URL: 32 random bytes, hex.
    public let token: String

    /// A secret with `token` (tests pass their own; the app makes a random one).
    public init(token: String) { self.token = token }

    /// 32 bytes from the system's secure random source.
    public static func random() -> LaunchSecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return LaunchSecret(token: hex(bytes))
    }

    /// The value of the session cookie the first request with the token sets.
    var sessionValue: String { derive("session cookie") }

    /// The hidden `_csrf` field every form carries.
    var formToken: String { derive("form token") }

    /// Whoever opened the app with the printed URL.
    var visitor: Visitor { Visitor(user: nil, session: sessionValue, formToken: formToken) }

    /// A value derived from the token for `purpose` (HMAC-SHA256, hex).
    func derive(_ purpose: String) -> String {
        let key = SymmetricKey(data: Data(token.utf8))
        return Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(purpose.utf8), using: key)))
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time that depends on their lengths only.
    static func same(_ given: String?, _ expected: String) -> Bool {
        guard let given else { return false }
        let a = Array(given.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
