import Commendation
import SyncCore

/// The Vietnamese words the pages show for codes: statuses, kinds, history steps, provinces.
enum Labels {
    static func status(_ code: String?) -> String? {
        code.map { NominationVocabulary.word(for: $0, in: NominationVocabulary.statuses) }
    }

    static func boardStatus(_ code: String?) -> String? {
        code.map { NominationVocabulary.word(for: $0, in: NominationVocabulary.boardStatuses) }
    }

    static func kind(_ code: String) -> String {
        NominationVocabulary.word(for: code, in: NominationVocabulary.kinds)
    }

    static func role(_ role: Role) -> String {
        switch role {
        case .province: "Văn phòng tỉnh/thành"
        case .board: "Ban Thi đua – Khen thưởng"
        case .reader: "Chỉ xem"
        default: role.rawValue
        }
    }

    /// A history step (`nomination_events.action`).
    static func step(_ action: String) -> String {
        switch action {
        case "created": "Tạo hồ sơ"
        case "submitted": "Gửi lên Ban"
        case "withdrawn": "Rút hồ sơ"
        case "approved": "Phê duyệt"
        case "returned": "Trả lại"
        case "rejected": "Không duyệt"
        default: action
        }
    }

    /// A province's name from its code (the 34 of 2025, or one of the 63 before them).
    static func province(_ code: String) -> String {
        if let province = ReferenceData.provinces.first(where: { $0.code == code }) { return province.name }
        if let legacy = ReferenceData.legacyProvinces.first(where: { $0.code == code }) { return legacy.name }
        return code == "*" ? "Toàn quốc" : code
    }

    /// What the dossier calls each nomination field.
    static let fields: [(name: String, label: String)] = [
        ("nominee_name", "Họ và tên / Tên tập thể"), ("nominee_kind", "Cá nhân/Tập thể"), ("year", "Năm"),
        ("title_code", "Danh hiệu thi đua"), ("award_form_code", "Hình thức khen thưởng"), ("unit_id", "Đơn vị"),
        ("campaign_id", "Phong trào thi đua"), ("person_id", "Mã cán bộ"), ("achievements", "Tóm tắt thành tích"),
        ("status", "Trạng thái (tỉnh)"), ("board_status", "Kết quả xét (Ban)"), ("decision_number", "Số quyết định"),
        ("decision_date", "Ngày quyết định"), ("decision_authority", "Cấp quyết định"), ("board_reason", "Lý do của Ban"),
    ]

    static func field(_ name: String) -> String { fields.first { $0.name == name }?.label ?? name }
}
