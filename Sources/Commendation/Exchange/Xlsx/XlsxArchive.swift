import Foundation
import SyncCore
import ZIPFoundation

/// The zip container of a workbook, read part by part within `XlsxLimits`: a part's declared
/// uncompressed size is checked before inflating it and the bytes are counted while inflating,
/// so a zip bomb is refused after at most the limit, whatever its headers say.
struct XlsxArchive {
    private let archive: Archive
    private let limits: XlsxLimits
    /// The parts' paths, as the zip names them (without a leading `/`).
    let paths: Set<String>

    /// Opens the workbook at `url`. Throws `bad_request` when the file is not a zip container
    /// (an Excel 97–2003 `.xls` file, a password-protected workbook, a CSV file) or holds too many entries.
    init(url: URL, limits: XlsxLimits) throws {
        let head = (try? FileHandle(forReadingFrom: url)).map { handle in
            defer { try? handle.close() }
            return (try? handle.read(upToCount: 8)) ?? Data()
        } ?? Data()
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw SyncError(.badRequest, "\(url.lastPathComponent) is an Excel 97–2003 workbook (.xls) or a password-protected one; in Excel save it as \"Excel Workbook (*.xlsx)\" without a password")
        }
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) else {
            throw SyncError(.badRequest, "\(url.lastPathComponent) is not an .xlsx workbook (an .xlsx file is a zip container); save it from Excel as \"Excel Workbook (*.xlsx)\", or import a CSV file")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SyncError(.badRequest, "\(url.lastPathComponent) is not a readable .xlsx workbook: its zip container is damaged (\(error))")
        }
        var paths: Set<String> = []
        for entry in archive {
            paths.insert(Self.normalized(entry.path))
            if paths.count > limits.maxEntries {
                throw SyncError(.badRequest, "the workbook holds more than \(limits.maxEntries) parts; it is not a workbook tdsync reads")
            }
        }
        self.paths = paths
        self.limits = limits
    }

    /// `path` without a leading `/`, as zip entries name parts.
    static func normalized(_ path: String) -> String {
        path.hasPrefix("/") ? String(path.dropFirst()) : path
    }

    /// The bytes of a small part (workbook, relationships, styles), or nil when there is no such part.
    func data(of path: String) throws -> Data? {
        var data = Data()
        guard try inflate(path, limit: limits.maxSmallPartBytes, into: { data.append($0) }) else { return nil }
        return data
    }

    /// Inflates a large part (a sheet, the shared strings) into a temporary file, for a streaming
    /// parser to read in small pieces; nil when there is no such part. The caller removes the file.
    func temporaryFile(of path: String) throws -> URL? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-xlsx-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: url) else {
            throw SyncError(.storageFailure, "cannot create a temporary file in \(FileManager.default.temporaryDirectory.path) to read the workbook")
        }
        do {
            defer { try? handle.close() }
            guard try inflate(path, limit: limits.maxPartBytes, into: { try handle.write(contentsOf: $0) }) else {
                try? FileManager.default.removeItem(at: url)
                return nil
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return url
    }

    /// Inflates part `path` chunk by chunk into `consume`, refusing it past `limit` bytes
    /// (declared or inflated) and refusing one whose XML has a document type declaration.
    /// Returns false when the archive has no such part.
    private func inflate(_ path: String, limit: Int64, into consume: (Data) throws -> Void) throws -> Bool {
        let wanted = Self.normalized(path)
        guard paths.contains(wanted), let entry = archive.first(where: { Self.normalized($0.path) == wanted }) else { return false }
        let megabytes = limit >> 20
        if entry.uncompressedSize > UInt64(limit) {
            throw SyncError(.badRequest, "the workbook part \(wanted) would inflate to \(entry.uncompressedSize >> 20) MiB, more than the \(megabytes) MiB tdsync reads (a zip bomb, or a sheet far larger than any office keeps); nothing was imported")
        }
        var inflated: Int64 = 0
        var prolog = XMLProlog()
        do {
            _ = try archive.extract(entry, bufferSize: 64 << 10, skipCRC32: false) { chunk in
                inflated += Int64(chunk.count)
                if inflated > limit { throw PartTooLarge() }
                try prolog.check(chunk, part: wanted)
                try consume(chunk)
            }
        } catch is PartTooLarge {
            throw SyncError(.badRequest, "the workbook part \(wanted) inflates to more than \(megabytes) MiB although its header declares \(entry.uncompressedSize) bytes (a zip bomb); nothing was imported")
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError(.badRequest, "the workbook part \(wanted) cannot be inflated: the file is damaged (\(error))")
        }
        return true
    }

    private struct PartTooLarge: Error {}
}
