import Commendation

/// What `/statistics` and `/statistics.csv` were asked for: a form, a year and, for 0602 and
/// 0603, which province breakdown the page shows (the 34 provinces of 2025 or the 63 before).
struct StatisticsSelection: Sendable {
    var form = "0602"
    var year: Int
    var breakdown = "2025"

    static let breakdowns = ["2025", "63"]

    /// The selection in `query`, `year` defaulting to `defaultYear`; the Vietnamese message of
    /// the first bad value as the error.
    static func parse(_ query: FormData, defaultYear: Int) -> Result<StatisticsSelection, StatisticsRefusal> {
        var selection = StatisticsSelection(year: defaultYear)
        if let form = query.text("form") {
            guard StatisticsReport.forms.contains(form) else {
                return .failure(StatisticsRefusal(message: "Không có biểu \(form.prefix(20)); các biểu là \(StatisticsReport.forms.joined(separator: ", "))."))
            }
            selection.form = form
        }
        if let year = query.text("year") {
            guard let value = Int(year), (1900...2200).contains(value) else {
                return .failure(StatisticsRefusal(message: "Năm phải là một số như 2025, không phải \(year.prefix(20))."))
            }
            selection.year = value
        }
        if let breakdown = query.text("breakdown") {
            guard breakdowns.contains(breakdown) else {
                return .failure(StatisticsRefusal(message: "Cách chia theo tỉnh là 2025 (34 tỉnh) hoặc 63 (trước sáp nhập), không phải \(breakdown.prefix(20))."))
            }
            selection.breakdown = breakdown
        }
        return .success(selection)
    }

    /// The query string of this selection, for the page's links.
    var query: String { "form=\(form)&year=\(year)&breakdown=\(breakdown)" }
}

/// A selection the page cannot show, with the message why.
struct StatisticsRefusal: Error, Sendable { let message: String }

/// The statistics page: the selector, the charts, then the form's tables.
struct StatisticsPage: Sendable {
    /// One cell of a table; `number` cells are right-aligned.
    struct Cell: Sendable { let text: String; let number: Bool }
    struct Row: Sendable { let cells: [Cell]; let total: Bool }
    struct Table: Sendable {
        let id, title: String
        let header: [Cell]
        let rows: [Row]

        init(id: String, _ table: StatisticsTable) {
            self.id = id
            title = table.title
            func cells(_ texts: [String]) -> [Cell] { texts.enumerated().map { Cell(text: $1, number: $0 >= table.labelColumns) } }
            header = cells(table.header)
            rows = table.rows.enumerated().map { Row(cells: cells($1), total: $0 == table.rows.count - 1) }
        }
    }

    let chrome: Chrome
    let title = "Thống kê khen thưởng"
    let formOptions, yearOptions, breakdownOptions: [Option]
    let hasBreakdown: Bool
    let charts: [BarChart]
    let tables: [Table]
    let csvHref, csvName: String
    let error: String?

    static let formNames: [(id: String, name: String)] = [
        ("0601", "Biểu 0601 — phong trào thi đua"), ("0602", "Biểu 0602 — khen thưởng cấp Nhà nước"),
        ("0603", "Biểu 0603 — khen thưởng cấp bộ, ngành, tỉnh"),
    ]
    static let breakdownNames: [(id: String, name: String)] = [("2025", "34 tỉnh, thành phố (từ 1/7/2025)"), ("63", "63 tỉnh trước sáp nhập")]

    /// The page of `selection` over the report's `tables` of its form, in the order
    /// `StatisticsReport.tables` gives them: 0601 one table; 0602 and 0603 by type, by
    /// province of 2025, by kind, by the 63 provinces before the merger.
    init(chrome: Chrome, selection: StatisticsSelection, years: [Int], tables report: [StatisticsTable], error: String? = nil) {
        self.chrome = chrome
        formOptions = Self.formNames.map { Option(value: $0.id, label: $0.name, selected: $0.id == selection.form) }
        yearOptions = Set(years + [selection.year]).sorted(by: >).map { Option(value: String($0), label: String($0), selected: $0 == selection.year) }
        breakdownOptions = Self.breakdownNames.map { Option(value: $0.id, label: $0.name, selected: $0.id == selection.breakdown) }
        hasBreakdown = selection.form != "0601"
        csvHref = "/statistics.csv?" + selection.query
        csvName = "bieu-\(selection.form)-\(selection.year).csv"
        self.error = error
        if report.count == 4 {
            let byProvince = selection.breakdown == "63" ? report[3] : report[1]
            charts = [BarChart(id: "chart-province", title: "Tổng số theo tỉnh, thành phố trình", table: byProvince, label: 1),
                      BarChart(id: "chart-award", title: "Tổng số theo hình thức, danh hiệu", table: report[0], label: 1)]
            tables = [Table(id: "table-award", report[0]), Table(id: "table-province", byProvince), Table(id: "table-kind", report[2])]
        } else {
            charts = report.first.map { [BarChart(id: "chart-level", title: "Số phong trào theo cấp phát động", table: $0, label: 0)] } ?? []
            tables = report.enumerated().map { Table(id: "table-\($0 + 1)", $1) }
        }
    }
}
