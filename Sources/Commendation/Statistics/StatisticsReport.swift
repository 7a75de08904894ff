import Foundation
import SyncCore

/// One table of a statistics form: a title, column headings and rows of cells (numbers as text,
/// already formatted), with a totals row last.
public struct StatisticsTable: Sendable, Equatable {
    public let title: String
    public let header: [String]
    public let rows: [[String]]
    /// How many columns on the left are labels (codes, names); the others hold numbers.
    public let labelColumns: Int

    public init(title: String, header: [String], rows: [[String]], labelColumns: Int) {
        self.title = title
        self.header = header
        self.rows = rows
        self.labelColumns = labelColumns
    }

    /// The table as CSV (RFC 4180 quoting, LF line ends, no line end after the last row): the
    /// title alone on the first row, then the header and the rows.
    public func csv() throws -> String {
        String(try CSVFile.text([[title], header] + rows).dropLast())
    }
}

/// The annual statistics the board consolidates (Circular 02/2023/TT-BNV): form 0601
/// (campaigns), 0602 (state-level commendations) and 0603 (ministry- and province-level ones),
/// computed from what a replica holds — at the board, every province.
///
/// A commendation counts in a year when its nomination is approved (`board_status`) and its
/// `decision_date` falls in that year (or, without a date, its `year` is that year). Its
/// submitter is the nomination's scope; its kind is its campaign's kind — regular (thường
/// xuyên), thematic (chuyên đề), by phase (theo đợt) — or ad hoc (đột xuất) without one. A direct
/// worker (người trực tiếp lao động) is an individual whose `person_years` of that year says so.
public struct StatisticsReport: Sendable {
    public let replica: Replica

    public init(replica: Replica) { self.replica = replica }

    /// The forms this report knows.
    public static let forms = ["0601", "0602", "0603"]

    /// The tables of `form` for `year`; `bad_request` for an unknown form.
    public func tables(form: String, year: Int) throws -> [StatisticsTable] {
        switch form {
        case "0601": return [try campaigns(year: year)]
        case "0602": return try commendations(year: year, level: "state", form: "0602")
        case "0603": return try commendations(year: year, level: "ministry_or_province", form: "0603")
        default: throw SyncError(.badRequest, "there is no statistics form '\(form.prefix(20))'; the forms are \(Self.forms.joined(separator: ", "))")
        }
    }

    /// The whole of `form` for `year` as `tdsync report --csv` prints it: each table's CSV, a
    /// blank line between tables, a line end after the last, in Unicode NFC. The web app's
    /// download is this text too, so the two are byte for byte the same.
    public func csv(form: String, year: Int) throws -> String {
        TextNormalizer.nfc(try tables(form: form, year: year).map { try $0.csv() }.joined(separator: "\n\n")) + "\n"
    }

    /// An approved commendation as the forms count it.
    struct Commendation {
        let code: String
        let collective: Bool
        let province: String
        let kind: String
        let directWorker: Bool
    }

    func approved(year: Int, level: String) throws -> [Commendation] {
        let codesOfLevel = Set(try replica.rows(TableQuery("award_types", where: [.equals("level", .text(level))])).map(\.id))
        let campaignKinds = Dictionary(try replica.rows(TableQuery("campaigns")).map { ($0.id, $0["kind"].textValue) },
                                       uniquingKeysWith: { first, _ in first })
        let yearRecords = Dictionary(grouping: try replica.rows(TableQuery("person_years", where: [.equals("year", .integer(Int64(year)))])),
                                     by: { $0["person_id"].textValue ?? "" })
        var found: [Commendation] = []
        for nomination in try replica.rows(TableQuery("nominations", where: [.equals("board_status", .text("approved"))])) {
            guard let code = nomination["title_code"].textValue ?? nomination["award_form_code"].textValue, codesOfLevel.contains(code) else { continue }
            let decided = nomination["decision_date"].dateValue.map { Int64($0.year) } ?? nomination["year"].integerValue
            guard decided == Int64(year) else { continue }
            let kind = Self.kindName(nomination["campaign_id"].textValue.flatMap { campaignKinds[$0] ?? nil })
            // One count per yearly record of the person in the year (none: not a direct worker).
            let records = nomination["person_id"].textValue.flatMap { yearRecords[$0] } ?? []
            for record in records.isEmpty ? [nil] : records.map(Optional.some) {
                found.append(Commendation(code: code, collective: nomination["nominee_kind"] == .text("collective"), province: nomination.scope,
                                          kind: kind, directWorker: record?["direct_worker"] == .bool(true)))
            }
        }
        return found
    }

    static func kindName(_ campaignKind: String?) -> String {
        switch campaignKind {
        case "regular": "Thường xuyên"
        case "thematic": "Chuyên đề"
        case "phase": "Theo đợt"
        default: "Đột xuất"
        }
    }
}
