import Foundation
import Testing

/// `tdsync demo`, the README's first command, run as a user runs it.
@Suite struct DemoCommandTests {
    @Test func demoRunsConvergesAndCleansUp() throws {
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("tdsync-demo-") }
        let result = try runTdsync(["demo"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for expected in ["conflict seen at hn-office", "conflict seen at board", "open conflicts: board 0, hn-office 0",
                         "pt-office holds exactly the board's pt and national records: yes",
                         "na-office holds exactly the board's na and national records: yes", "Tập thể lao động xuất sắc", "demo finished in"] {
            #expect(result.stdout.contains(expected), "missing: \(expected)")
        }
        #expect(!result.stdout.contains("REJECTED"))
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("tdsync-demo-") }
        #expect(after.subtracting(before).isEmpty, "the demo removed its temporary directory")
    }
}
