import Crypto
import Foundation
import SyncCore

/// Bearer tokens: `tds1.<node>.<secret>`, where the secret is 32 random bytes (base64url).
/// The hub stores only SHA-256 of the secret and compares digests in constant time.
enum Tokens {
    static func make(for node: NodeID) -> (token: String, hash: String) {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = secret.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return ("tds1.\(node.rawValue).\(text)", digest(text))
    }

    /// Splits a token into its node id and secret, or nil when it is not shaped like one.
    static func parse(_ token: String) -> (node: NodeID, secret: String)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "tds1", let node = try? NodeID(String(parts[1])), !parts[2].isEmpty else { return nil }
        return (node, String(parts[2]))
    }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two digests without stopping at the first difference.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
