import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /statistics?form=0601|0602|0603&year=N&breakdown=2025|63` (the form's tables and bar
/// charts) and `GET /statistics.csv?…` (the whole form as `tdsync report --csv` prints it, both
/// breakdowns included). Both read `StatisticsReport`, as the CLI does; nothing is counted here.
struct StatisticsRoutes {
    let workspace: Workspace

    func register(on router: Router<AppRequestContext>) {
        router.get("/statistics") { request, _ in try page(request) }
        router.get("/statistics.csv") { request, _ in try csv(request) }
    }

    /// The years the replica has nominations, decisions or campaigns in, latest first.
    func years() throws -> [Int] {
        let replica = workspace.replica, nominations = try replica.nominations()
        let years = nominations.map(\.year) + nominations.compactMap { $0.decisionDate?.year } + (try replica.campaigns()).compactMap { $0.startsOn?.year }
        return Set(years).sorted(by: >)
    }

    func selection(_ request: Request, years: [Int]) -> Result<StatisticsSelection, StatisticsRefusal> {
        let defaultYear = years.first ?? Calendar(identifier: .gregorian).component(.year, from: Date())
        return StatisticsSelection.parse(FormData(urlEncoded: request.uri.query ?? ""), defaultYear: defaultYear)
    }

    func page(_ request: Request) throws -> Response {
        let years = try years()
        switch selection(request, years: years) {
        case .failure(let refusal):
            let fallback = StatisticsSelection(year: years.first ?? 2025)
            return workspace.pages.html("statistics", StatisticsPage(chrome: workspace.chrome, selection: fallback, years: years, tables: [],
                                                                     error: refusal.message), status: .badRequest)
        case .success(let selection):
            let tables = try StatisticsReport(replica: workspace.replica).tables(form: selection.form, year: selection.year)
            return workspace.pages.html("statistics", StatisticsPage(chrome: workspace.chrome, selection: selection, years: years, tables: tables))
        }
    }

    func csv(_ request: Request) throws -> Response {
        switch selection(request, years: try years()) {
        case .failure(let refusal):
            return Refusal.response(.badRequest, refusal.message)
        case .success(let selection):
            let text = try StatisticsReport(replica: workspace.replica).csv(form: selection.form, year: selection.year)
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"bieu-\(selection.form)-\(selection.year).csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
