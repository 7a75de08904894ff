import Commendation
import Foundation
import Hummingbird
import SyncCore

/// `GET /nominations`: the table, with filters and the folded search (the board's queue is
/// `QueueRoutes`).
struct ListRoutes {
    let workspace: Workspace

    func register(on router: Router<AppRequestContext>) {
        router.get("/nominations") { request, _ in try list(request) }
    }

    func list(_ request: Request) throws -> Response {
        let replica = workspace.replica, names = try workspace.names()
        let filter = ListFilter(FormData(urlEncoded: request.uri.query ?? ""))
        var nominations = try replica.nominations()
        let years = Set(nominations.map(\.year)).sorted(by: >).map { (id: String($0), name: String($0)) }
        var searchError: String?
        if let query = filter.query {
            do {
                let hits = Set(try replica.search(query, collection: "nominations", limit: 10_000).map(\.key.id))
                nominations = nominations.filter { hits.contains($0.id) }
            } catch {
                searchError = FieldErrors.message(error)
            }
        }
        let returned = try replica.nominations().filter { $0.boardStatus == .returned && $0.status != .withdrawn }
            .map { ListPage.Returned(id: $0.id, nominee: $0.nomineeName, reason: $0.boardReason) }
        let rows = nominations.filter(filter.admits).map { NominationRow($0, names: names) }
        return workspace.pages.html("list", ListPage(
            chrome: workspace.chrome, returned: returned, hasReturned: !returned.isEmpty, query: filter.query ?? "",
            statusOptions: Names.plainOptions(ListFilter.statusChoices, selected: filter.status, empty: "Mọi trạng thái"),
            codeOptions: Names.options(names.titles + names.awardForms, selected: filter.code, empty: "Mọi danh hiệu, hình thức"),
            unitOptions: Names.options(names.units, selected: filter.unit, empty: "Mọi đơn vị"),
            campaignOptions: Names.options(names.campaigns, selected: filter.campaign, empty: "Mọi phong trào"),
            yearOptions: Names.plainOptions(years, selected: filter.year, empty: "Mọi năm"),
            rows: rows, count: rows.count, searchError: searchError))
    }
}
