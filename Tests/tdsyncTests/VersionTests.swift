import Foundation
import Testing

/// `tdsync --version` says the release the `VERSION` file names, which is the Debian package's.
@Suite struct VersionTests {
    @Test func theBinaryAndTheVersionFileAgree() throws {
        let file = try String(contentsOf: packageRoot.appendingPathComponent("VERSION"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!file.isEmpty)
        let printed = try runOK(["--version"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed == file, "tdsync --version says \(printed); VERSION says \(file)")
    }
}
