import Commendation
import Foundation
import SyncCore

/// A file uploaded to the import page: a workbook (.xlsx, known by its content, as `tdsync
/// import` knows it) or CSV; read into rows by the same readers as the CLI's.
struct Upload: Sendable {
    /// The file's name as the browser gave it, without any folder.
    let filename: String
    let data: Data

    init(filename: String, data: Data) {
        let base = filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        self.filename = base.isEmpty ? "tep-tai-len" : String(base.prefix(120))
        self.data = data
    }

    /// A zip container (.xlsx) or an OLE file (.xls, a password-protected workbook: the reader refuses it, saying why).
    var isWorkbook: Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) || data.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
    }

    /// The rows of `sheet` (nil: the first) of a workbook, or of the CSV file.
    func rows(sheet: String?) throws -> any RowSource {
        guard isWorkbook else { return try CSVFile(parsing: data) }
        return try withFile { try XlsxSheet(contentsOf: $0, sheet: sheet) }
    }

    /// A workbook's sheet names; none for CSV or a workbook that cannot be read.
    func sheetNames() -> [String] {
        guard isWorkbook else { return [] }
        return (try? withFile { try XlsxSheet.names(contentsOf: $0) }) ?? []
    }

    /// Runs `body` on a temporary copy of the file (the workbook reader reads files), under the
    /// uploaded name so that the reader's messages name it; the copy is removed after.
    private func withFile<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: folder.appendingPathComponent(filename))
        } catch {
            throw SyncError(.storageFailure, "cannot keep the uploaded file in \(FileManager.default.temporaryDirectory.path): \(error.localizedDescription)")
        }
        return try body(folder.appendingPathComponent(filename))
    }
}

/// Uploads checked on the import page, kept in memory under a random id until they are imported
/// or expire, so that the confirm step writes the very file that was checked, for the session
/// that uploaded it only. At most `capacity` are kept (the oldest go first), each for `lifetime` seconds.
actor PendingUploads {
    /// One kept upload and what the last check read from it: people's years or nominations, which sheet.
    struct Entry: Sendable {
        let upload: Upload
        /// The session that uploaded it (with logins, each clerk sees only their own).
        let owner: String
        var people: Bool
        var sheet: String?
        let at: Date
    }

    static let capacity = 8
    static let lifetime: TimeInterval = 30 * 60
    private var entries: [String: Entry] = [:]

    /// Keeps `upload` and returns its new id (32 hex digits).
    func add(_ upload: Upload, owner: String, people: Bool, sheet: String?, now: Date = Date()) -> String {
        expire(now: now)
        while entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.at < $1.value.at })?.key { entries[oldest] = nil }
        var generator = SystemRandomNumberGenerator()
        let id = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
        entries[id] = Entry(upload: upload, owner: owner, people: people, sheet: sheet, at: now)
        return id
    }

    /// The upload `owner` keeps under `id`, nil when there is none, it expired or is another's.
    func entry(_ id: String, owner: String, now: Date = Date()) -> Entry? {
        expire(now: now)
        return entries[id].flatMap { $0.owner == owner ? $0 : nil }
    }

    /// Records what the last check of `id` read.
    func choose(_ id: String, people: Bool, sheet: String?) {
        entries[id]?.people = people
        entries[id]?.sheet = sheet
    }

    func remove(_ id: String) { entries[id] = nil }

    private func expire(now: Date) {
        entries = entries.filter { now.timeIntervalSince($0.value.at) < Self.lifetime }
    }
}
