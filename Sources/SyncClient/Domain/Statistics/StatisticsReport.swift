import Foundation
import GRDB
import SyncCore

/// One table of a statistics form: a title, column headings and rows of cells (numbers as text,
/// already formatted), with a totals row where the form has one.
public struct StatisticsTable: Sendable, Equatable {
    public let title: String
    public let header: [String]
    public let rows: [[String]]

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

    /// An approved commendation as the forms count it.
    struct Commendation {
        let code: String
        let collective: Bool
        let province: String
        let kind: String
        let directWorker: Bool
    }

    func approved(year: Int, level: String) throws -> [Commendation] {
        try replica.withReadAccess { db in
            let sql = """
                SELECT coalesce(n.title_code, n.award_form_code) AS code, n.nominee_kind, n.scope, c.kind AS campaign_kind,
                       coalesce(p.direct_worker, 0) AS direct_worker
                FROM nominations n
                JOIN award_types a ON a.id = coalesce(n.title_code, n.award_form_code) AND a.level = ?
                LEFT JOIN campaigns c ON c.id = n.campaign_id
                LEFT JOIN person_years p ON p.person_id = n.person_id AND p.year = ?
                WHERE n.board_status = 'approved'
                  AND (CASE WHEN n.decision_date IS NOT NULL THEN CAST(substr(n.decision_date, 1, 4) AS INTEGER) ELSE n.year END) = ?
                """
            return try Row.fetchAll(db, sql: sql, arguments: [level, year, year]).map { row in
                Commendation(code: try row.decode(String.self, forColumn: "code"),
                             collective: try row.decode(String?.self, forColumn: "nominee_kind") == "collective",
                             province: try row.decode(String.self, forColumn: "scope"),
                             kind: Self.kindName(try row.decode(String?.self, forColumn: "campaign_kind")),
                             directWorker: try row.decode(Int?.self, forColumn: "direct_worker") == 1)
            }
        }
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
