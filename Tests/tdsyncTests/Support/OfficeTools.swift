import Foundation
import Testing

/// A program the workbook tests need is not installed: the test fails, naming the package.
struct MissingProgram: Error, CustomStringConvertible {
    let what: String
    let package: String
    var description: String { "\(what) is missing: install the Debian package \(package) (apt-get install \(package)); .ci/run does" }
}

/// The folder of the .xlsx fixtures and their scripts.
let xlsxFixtures = packageRoot.appendingPathComponent("Tests/CommendationTests/Fixtures/xlsx")

/// Runs `program` found on PATH (through /usr/bin/env).
func runOnPath(_ program: String, _ args: [String], in directory: URL? = nil) throws -> TdsyncResult {
    try runProcess(URL(fileURLWithPath: "/usr/bin/env"), [program] + args, in: directory)
}

/// A Python 3 that has openpyxl: Debian's (/usr/bin/python3, with python3-openpyxl), else the
/// first python3 on PATH that imports it.
func pythonWithOpenpyxl() throws -> String {
    for candidate in ["/usr/bin/python3", "python3"] {
        let probe = candidate.hasPrefix("/") ? try? runProcess(URL(fileURLWithPath: candidate), ["-c", "import openpyxl"])
                                             : try? runOnPath(candidate, ["-c", "import openpyxl"])
        if probe?.exitCode == 0 { return candidate }
    }
    throw MissingProgram(what: "Python's openpyxl", package: "python3-openpyxl")
}

/// Runs a Python script (with openpyxl available) and returns its stdout; records an issue unless it exits 0.
func runPython(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let python = try pythonWithOpenpyxl()
    let result = python.hasPrefix("/") ? try runProcess(URL(fileURLWithPath: python), args) : try runOnPath(python, args)
    #expect(result.exitCode == 0, "python3 \(args.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
}

/// LibreOffice's `soffice`, from PATH.
func soffice() throws -> String {
    for name in ["soffice", "libreoffice"] where (try? runOnPath("which", [name]))?.exitCode == 0 { return name }
    throw MissingProgram(what: "LibreOffice (soffice)", package: "libreoffice-calc-nogui")
}

/// Converts `files` with one headless LibreOffice run (it is slow to start) into `outdir`, e.g.
/// `csv:Text - txt - csv (StarCalc):44,34,76,1` for UTF-8 CSV of each workbook's first sheet.
/// LibreOffice recomputes formulas that have no cached value when it loads a workbook.
func libreOfficeConvert(_ files: [URL], to filter: String, outdir: URL) throws {
    let program = try soffice()
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-lo-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let result = try runOnPath(program, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                         "--convert-to", filter, "--outdir", outdir.path] + files.map(\.path))
    #expect(result.exitCode == 0, "soffice failed: \(result.stdout) \(result.stderr)")
}
