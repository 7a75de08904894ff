import Foundation
import SyncCore

/// Writing to the terminal: every line NFC-normalised, errors on stderr.
enum Console {
    /// Prints `text` (NFC) and a newline on stdout.
    static func line(_ text: String = "") {
        print(TextNormalizer.nfc(text))
    }

    /// Prints `text` (NFC) and a newline on stderr.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((TextNormalizer.nfc(text) + "\n").utf8))
    }

    /// Prints an Encodable value as deterministic, pretty JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let data = try WireJSON.encode(value, pretty: true)
        line(String(decoding: data, as: UTF8.self))
    }

    /// Writes raw bytes on stdout, after anything already printed.
    static func raw(_ data: Data) {
        fflush(nil)
        FileHandle.standardOutput.write(data)
    }
}
