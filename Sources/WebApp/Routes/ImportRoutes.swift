import Commendation
import Foundation
import Hummingbird
import SyncCore

/// The import page: `GET /import` (the upload form), `POST /import` (a multipart upload: the file
/// is kept and checked as `tdsync import --dry-run` checks it, nothing written), `POST
/// /import/{id}/check` (the kept file checked again, another sheet or kind chosen) and `POST
/// /import/{id}/confirm` (the kept file imported, as `tdsync import` does, optionally all or
/// nothing). Only the confirm step writes; a wrong row never blocks the valid ones unless all or
/// nothing is chosen.
struct ImportRoutes {
    let workspace: Workspace
    let pending = PendingUploads()

    func register(on router: Router<AppRequestContext>) {
        router.get("/import") { _, _ in render(page()) }
        router.post("/import") { _, context in try await upload(context) }
        router.post("/import/{id}/check") { _, context in try await check(try context.parameters.require("id"), context) }
        router.post("/import/{id}/confirm") { _, context in try await confirm(try context.parameters.require("id"), context) }
    }

    func page() -> ImportPage { ImportPage(chrome: workspace.chrome, year: ExportRoutes.year) }

    func render(_ page: ImportPage, status: HTTPResponse.Status = .ok) -> Response {
        workspace.pages.html("import", page, status: status)
    }

    /// Whose uploads a request sees: its session's.
    static func owner(_ context: AppRequestContext) -> String { context.visitor?.session ?? "" }

    /// The sheet a form names: nil for none (the first).
    static func sheet(_ form: FormData) -> String? { form.text("sheet") }

    func upload(_ context: AppRequestContext) async throws -> Response {
        guard let file = context.files.first(where: { $0.field == "file" }), !file.data.isEmpty else {
            var page = page()
            page.error = "Hãy chọn một tệp Excel (.xlsx) hoặc CSV có dữ liệu để nhập."
            return render(page, status: .unprocessableContent)
        }
        let upload = Upload(filename: file.filename, data: file.data)
        let people = context.form["people"] == "1", sheet = upload.isWorkbook ? Self.sheet(context.form) : nil
        let id = await pending.add(upload, owner: Self.owner(context), people: people, sheet: sheet)
        return try await show(id, owner: Self.owner(context))
    }

    func check(_ id: String, _ context: AppRequestContext) async throws -> Response {
        guard let entry = await pending.entry(id, owner: Self.owner(context)) else { return expired() }
        await pending.choose(id, people: context.form["people"] == "1", sheet: entry.upload.isWorkbook ? Self.sheet(context.form) : nil)
        return try await show(id, owner: Self.owner(context))
    }

    /// The dry run of kept upload `id`: its report and the confirm button, or why it cannot be read.
    func show(_ id: String, owner: String) async throws -> Response {
        guard let entry = await pending.entry(id, owner: owner) else { return expired() }
        var page = page()
        page.pending = pending(id, entry)
        do {
            let report = try run(entry, options: ImportOptions(dryRun: true))
            page.report = ImportPage.Report(report, people: entry.people, dryRun: true)
            if report.validNotWritten > 0 { page.confirm = "Nhập \(report.validNotWritten) dòng hợp lệ" }
        } catch {
            page.error = "Không đọc được tệp \(entry.upload.filename): \(FieldErrors.message(error))"
            return render(page, status: .unprocessableContent)
        }
        return render(page)
    }

    func confirm(_ id: String, _ context: AppRequestContext) async throws -> Response {
        guard let entry = await pending.entry(id, owner: Self.owner(context)) else { return expired() }
        var page = page()
        page.pending = pending(id, entry)
        let report: ImportReport
        do {
            report = try run(entry, options: ImportOptions(allOrNothing: context.form["all_or_nothing"] == "1"))
        } catch {
            page.error = "Không nhập được tệp \(entry.upload.filename): \(FieldErrors.message(error))"
            return render(page, status: .unprocessableContent)
        }
        page.report = ImportPage.Report(report, people: entry.people, dryRun: false)
        let written = report.imported > 0
        if written {
            await pending.remove(id)
            page.pending = nil
            page.written = true
            page.peopleWritten = entry.people
        } else if report.validNotWritten > 0 {
            page.confirm = "Nhập \(report.validNotWritten) dòng hợp lệ"
        }
        return render(page, status: written ? .ok : .unprocessableContent)
    }

    /// The import of `entry`'s file as `tdsync import` runs it (`--people`, `--sheet`).
    func run(_ entry: PendingUploads.Entry, options: ImportOptions) throws -> ImportReport {
        let source = try entry.upload.rows(sheet: entry.sheet)
        return entry.people ? try workspace.replica.importPersonYears(from: source, options: options)
                            : try workspace.replica.importNominations(from: source, options: options)
    }

    func pending(_ id: String, _ entry: PendingUploads.Entry) -> ImportPage.Pending {
        let sheets = entry.upload.sheetNames()
        let chosen = entry.sheet ?? sheets.first
        return ImportPage.Pending(id: id, filename: entry.upload.filename, people: entry.people, workbook: entry.upload.isWorkbook,
                                  sheetOptions: sheets.map { Option(value: $0, label: $0, selected: $0 == chosen) })
    }

    func expired() -> Response {
        var page = page()
        page.error = "Tệp đã tải lên không còn được giữ (quá \(Int(PendingUploads.lifetime / 60)) phút, hoặc đã nhập xong, hoặc ứng dụng đã khởi động lại). Hãy tải tệp lên lại."
        return render(page, status: .notFound)
    }
}
