import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /export/nominations.csv`, `nominations.xlsx`, `people.csv`, `people.xlsx`: the files
/// `tdsync export-csv` and `export-xlsx` (with `--people` for people's years) write, the same
/// bytes, from the same functions of the domain library, as a download named with the year.
struct ExportRoutes {
    let workspace: Workspace

    /// One file to download.
    struct File: Sendable {
        let path, stem, label: String
        let people, xlsx: Bool

        /// `ho-so-de-nghi-2025.xlsx`.
        func name(year: Int) -> String { "\(stem)-\(year).\(xlsx ? "xlsx" : "csv")" }
    }

    static let files = [
        File(path: "nominations.xlsx", stem: "ho-so-de-nghi", label: "Hồ sơ đề nghị (Excel .xlsx)", people: false, xlsx: true),
        File(path: "nominations.csv", stem: "ho-so-de-nghi", label: "Hồ sơ đề nghị (CSV)", people: false, xlsx: false),
        File(path: "people.xlsx", stem: "can-bo-theo-nam", label: "Cán bộ theo năm (Excel .xlsx)", people: true, xlsx: true),
        File(path: "people.csv", stem: "can-bo-theo-nam", label: "Cán bộ theo năm (CSV)", people: true, xlsx: false),
    ]

    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The year in Việt Nam now, for the file names.
    static var year: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? .current
        return calendar.component(.year, from: Date())
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/export/{file}") { _, context in try download(try context.parameters.require("file")) }
    }

    func download(_ path: String) throws -> Response {
        guard let file = Self.files.first(where: { $0.path == path }) else {
            return Refusal.response(.notFound, "Không có tệp xuất \(path.prefix(40)).")
        }
        let replica = workspace.replica
        let data = switch (file.people, file.xlsx) {
        case (false, false): try replica.nominationsCSV()
        case (false, true): try replica.nominationsXlsx()
        case (true, false): try replica.personYearsCSV()
        case (true, true): try replica.personYearsXlsx()
        }
        return Response(status: .ok, headers: [
            .contentType: file.xlsx ? Self.xlsxType : "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(file.name(year: Self.year))\"",
        ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
