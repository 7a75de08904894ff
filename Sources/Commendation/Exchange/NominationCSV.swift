import Foundation
import SyncCore

/// A column of a nominations CSV file: one per nomination field, plus the id and the scope
/// (`field` is the raw value; `scope` and `id` are the record's, not fields). Headers are matched
/// as `CSVColumn` says, so "Họ và tên", "HO VA TEN" and "họ và tên" all name `nomineeName`.
public enum NominationColumn: String, CSVColumn {
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

    /// Other headers offices use, accepted on import.
    public var otherHeaders: [String] {
        switch self {
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
    }

    /// Columns written by the board only: a province imports them empty.
    public var isBoardOwned: Bool {
        switch self {
        case .boardStatus, .decisionNumber, .decisionDate, .decisionAuthority, .boardReason: true
        default: false
        }
    }
}

/// The words a cell may use for a coded value, Vietnamese or the code itself, and the Vietnamese
/// word export writes (and the web app shows).
public enum NominationVocabulary {
    /// nominee_kind: code → the words that mean it (the first is written on export).
    public static let kinds: [(code: String, words: [String])] = [
        ("individual", ["Cá nhân"]),
        ("collective", ["Tập thể"]),
    ]

    /// status (the province's): code → words.
    public static let statuses: [(code: String, words: [String])] = [
        ("draft", ["Nháp", "Dự thảo"]),
        ("submitted", ["Đã gửi", "Đã nộp"]),
        ("withdrawn", ["Rút", "Đã rút"]),
    ]

    /// board_status (the board's): code → words.
    public static let boardStatuses: [(code: String, words: [String])] = [
        ("received", ["Đã nhận"]),
        ("under_review", ["Đang xét duyệt", "Đang xét"]),
        ("returned", ["Trả lại"]),
        ("approved", ["Đã duyệt", "Phê duyệt"]),
        ("rejected", ["Không duyệt", "Từ chối"]),
    ]

    /// The Vietnamese word for `code` in `vocabulary` (the first word), or the code itself.
    public static func word(for code: String, in vocabulary: [(code: String, words: [String])]) -> String {
        CSVVocabulary.word(code, in: vocabulary)
    }
}
