import Foundation
import SyncCore

/// A column of a nominations CSV file: one per nomination field, plus the id and the scope.
/// Headers are matched without regard to case, Vietnamese marks (đ as d), spaces or underscores,
/// so "Họ và tên", "HO VA TEN" and "họ và tên" all name `nomineeName`.
public enum NominationColumn: String, CaseIterable, Sendable {
    case id
    case scope
    case nomineeName = "nominee_name"
    case nomineeKind = "nominee_kind"
    case year
    case titleCode = "title_code"
    case awardFormCode = "award_form_code"
    case unitID = "unit_id"
    case campaignID = "campaign_id"
    case achievements
    case status
    case boardStatus = "board_status"
    case decisionNumber = "decision_number"
    case decisionDate = "decision_date"
    case decisionAuthority = "decision_authority"
    case boardReason = "board_reason"

    /// The field the column fills: its raw value (`scope` and `id` are the record's, not fields).
    public var field: String { rawValue }

    /// The Vietnamese header written on export.
    public var header: String {
        switch self {
        case .id: "Mã hồ sơ"
        case .scope: "Tỉnh"
        case .nomineeName: "Họ và tên"
        case .nomineeKind: "Cá nhân/Tập thể"
        case .year: "Năm"
        case .titleCode: "Danh hiệu"
        case .awardFormCode: "Hình thức khen thưởng"
        case .unitID: "Đơn vị"
        case .campaignID: "Phong trào"
        case .achievements: "Tóm tắt thành tích"
        case .status: "Trạng thái"
        case .boardStatus: "Kết quả xét duyệt"
        case .decisionNumber: "Số quyết định"
        case .decisionDate: "Ngày quyết định"
        case .decisionAuthority: "Cơ quan quyết định"
        case .boardReason: "Lý do"
        }
    }

    /// Every header accepted on import: the export header, other names offices use, the field name.
    public var acceptedHeaders: [String] {
        let others: [String] = switch self {
        case .id: ["Mã", "id"]
        case .scope: ["Tỉnh/Thành phố", "Mã tỉnh"]
        case .nomineeName: ["Họ tên", "Tên tập thể", "Họ và tên/Tên tập thể"]
        case .nomineeKind: ["Loại", "Đối tượng"]
        case .year: ["Năm đề nghị"]
        case .titleCode: ["Danh hiệu thi đua"]
        case .awardFormCode: ["Hình thức"]
        case .unitID: ["Mã đơn vị"]
        case .campaignID: ["Mã phong trào"]
        case .achievements: ["Thành tích"]
        case .status: ["Tình trạng"]
        case .boardStatus: ["Trạng thái xét duyệt"]
        case .decisionNumber: ["Số QĐ"]
        case .decisionDate: ["Ngày QĐ", "Ngày ký"]
        case .decisionAuthority: ["Cấp quyết định", "Cơ quan ban hành"]
        case .boardReason: ["Lý do trả lại", "Ghi chú xét duyệt"]
        }
        return [header] + others + [rawValue]
    }

    /// The column a header names, or nil when it names none.
    public init?(header: String) {
        guard let column = Self.byKey[Self.key(header)] else { return nil }
        self = column
    }

    /// Columns written by the board only: a province imports them empty.
    public var isBoardOwned: Bool {
        switch self {
        case .boardStatus, .decisionNumber, .decisionDate, .decisionAuthority, .boardReason: true
        default: false
        }
    }

    /// A header as compared: folded (lower case, no marks, đ as d), without spaces or underscores.
    static func key(_ header: String) -> String {
        TextNormalizer.folded(header).filter { !$0.isWhitespace && $0 != "_" }
    }

    private static let byKey: [String: NominationColumn] = {
        var map: [String: NominationColumn] = [:]
        for column in allCases {
            for header in column.acceptedHeaders { map[key(header)] = column }
        }
        return map
    }()
}

/// The words a cell may use for a coded value, Vietnamese or the code itself, and the Vietnamese
/// word export writes.
enum NominationVocabulary {
    /// nominee_kind: code → the words that mean it (the first is written on export).
    static let kinds: [(code: String, words: [String])] = [
        ("individual", ["Cá nhân"]),
        ("collective", ["Tập thể"]),
    ]

    /// status (the province's): code → words.
    static let statuses: [(code: String, words: [String])] = [
        ("draft", ["Nháp", "Dự thảo"]),
        ("submitted", ["Đã gửi", "Đã nộp"]),
        ("withdrawn", ["Rút", "Đã rút"]),
    ]

    /// board_status (the board's): code → words.
    static let boardStatuses: [(code: String, words: [String])] = [
        ("received", ["Đã nhận"]),
        ("under_review", ["Đang xét duyệt", "Đang xét"]),
        ("returned", ["Trả lại"]),
        ("approved", ["Đã duyệt", "Phê duyệt"]),
        ("rejected", ["Không duyệt", "Từ chối"]),
    ]

    /// The code a cell names (a code or one of its words, folded), or the cell as written, for the
    /// schema to refuse with its list of allowed values.
    static func code(_ cell: String, in table: [(code: String, words: [String])]) -> String {
        let key = NominationColumn.key(cell)
        for entry in table where NominationColumn.key(entry.code) == key || entry.words.contains(where: { NominationColumn.key($0) == key }) {
            return entry.code
        }
        return cell
    }

    /// The Vietnamese word for `code`, or the code when it has none.
    static func word(_ code: String, in table: [(code: String, words: [String])]) -> String {
        table.first { $0.code == code }?.words.first ?? code
    }
}

/// The award catalog and provinces as a CSV cell may name them: by code in any case, or by name.
struct CSVLookup {
    private var awardCodes: [String: String] = [:], awardNames: [String: String] = [:]
    private var provinceCodes: [String: String] = [:], provinceNames: [String: String] = [:]

    /// Reads the replica's award catalog (its live `award_types` records) and the provinces.
    init(replica: Replica) throws {
        for record in try replica.records(in: "award_types") {
            let code = record.version.key.id
            awardCodes[NominationColumn.key(code)] = code
            if case .text(let name) = replica.visibleValues(of: record.version)["name"] {
                awardNames[NominationColumn.key(name)] = code
            }
        }
        for province in ReferenceData.provinces {
            provinceCodes[NominationColumn.key(province.code)] = province.code
            provinceNames[NominationColumn.key(province.name)] = province.code
        }
    }

    /// The catalog code a cell names (a code, in any case, or a Vietnamese name), or the cell as
    /// written, for the catalog rule to refuse.
    func awardCode(_ cell: String) -> String {
        knownAwardCode(cell) ?? cell
    }

    /// The catalog code a cell names (a code, in any case, or a Vietnamese name), or nil when it
    /// names no catalog entry.
    func knownAwardCode(_ cell: String) -> String? {
        let key = NominationColumn.key(cell)
        return awardCodes[key] ?? awardNames[key]
    }

    /// The province code a cell names (a code or a province's name), or the cell as written (`*`).
    func scope(_ cell: String) -> String {
        let key = NominationColumn.key(cell)
        return provinceCodes[key] ?? provinceNames[key] ?? cell
    }
}
