import ArgumentParser
import Foundation
import Commendation
import SyncCore

/// `tdsync export-csv`: the nominations as a CSV file for Excel, the counterpart of `tdsync import`.
struct ExportCSVCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-csv",
        abstract: "Write the nominations (or, with --people, people's yearly records) as a CSV file for Excel (the file `tdsync import` reads).",
        discussion: """
            One row per live nomination, ordered by id, under Vietnamese headers: Mã hồ sơ, Tỉnh, \
            Họ và tên, Cá nhân/Tập thể, Năm, Danh hiệu, Hình thức khen thưởng, Đơn vị, Phong trào, \
            Tóm tắt thành tích, Trạng thái, and the board's Kết quả xét duyệt, Số quyết định, \
            Ngày quyết định, Cơ quan quyết định, Lý do. The file is what Excel on Windows opens \
            as it should: UTF-8 with a byte-order mark, comma-separated, CRLF line ends. Kinds \
            and statuses are Vietnamese words (Cá nhân, Nháp, …), titles and award forms catalog \
            codes (CSTDCS, BK_TTG, …), dates dd/mm/yyyy; a field in conflict shows its visible \
            value. A text Excel would take for a formula (starting with =, +, - or @) is written \
            with a ' before it, which import removes.

            `tdsync import` of this file into an empty replica gives the same nominations with \
            the same visible values (a province replica takes the board's columns only empty). \
            For the whole replica in a canonical form, use `tdsync export` (JSON).

            With --people: one row per live person_years record, ordered by id, under Mã cán bộ, \
            Họ và tên, Đơn vị, Năm, Tỉnh, Xếp loại, Danh hiệu, Hình thức khen thưởng, Đề tài \
            nghiệm thu, Kỷ luật, Trực tiếp lao động: ratings as Vietnamese phrases (Hoàn thành \
            tốt nhiệm vụ, …), titles and awards as catalog codes separated by "; ", yes/no as \
            Có/Không — the file `tdsync import --people` reads.
            """
    )

    @OptionGroup var replica: ReplicaOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Flag(help: "Export people's yearly records (person_years) instead of nominations.")
    var people = false

    func run() throws {
        let opened = try replica.open()
        let data = try people ? opened.personYearsCSV() : opened.nominationsCSV()
        guard let output else {
            Console.raw(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIFailure(message: "cannot write the CSV export to \(output): \(error.localizedDescription)")
        }
    }
}
