import Foundation
import SyncClient
import Commendation
import SyncCore

/// The data and printing of `tdsync demo`.
enum Demo {
    static func step(_ title: String) { Console.line("\n== \(title)") }

    static func provinceName(_ code: String) -> String {
        ReferenceData.provinces.first { $0.code == code }?.name ?? code
    }

    static let people: [String: [(String, String, String?, String?)]] = [   // name, kind, title, award form
        "pt": [("Nguyễn Văn Hùng", "individual", "CSTDCS", nil), ("Đinh Thị Lan", "individual", nil, "BK_BO"),
               ("Phòng Quản lý Công nghiệp", "collective", "TTLDXS", nil)],
        "hn": [("Trần Thị Thu Hà", "individual", "CSTD_BO", nil), ("Lê Quang Đức", "individual", "CSTDCS", nil),
               ("Trung tâm Khuyến công", "collective", nil, "BK_BO"), ("Vũ Minh Khôi", "individual", nil, "BK_TTG")],
        "na": [("Hồ Thị Nguyệt", "individual", "CSTDCS", nil), ("Chi cục Quản lý thị trường", "collective", nil, "BK_BO")],
    ]

    static func officeWork(scope: String) -> [LocalWrite] {
        let campaign = LocalWrite(key: RecordKey(collection: "campaigns", id: "\(scope)-2025"), operation: .create(scope: scope), values: [
            "title": .text("Phong trào thi đua \"Chuyển đổi số\" năm 2025 – \(provinceName(scope))"), "kind": .text("thematic"),
            "starts_on": .text("2025-01-15"), "ends_on": .text("2025-11-30"), "launching_authority": .text("Sở Công Thương \(provinceName(scope))"),
        ])
        let nominations = (people[scope] ?? []).enumerated().map { index, person in
            LocalWrite(key: RecordKey(collection: "nominations", id: String(format: "\(scope)-%03d", index + 1)), operation: .create(scope: scope), values: [
                "nominee_name": .text(person.0), "nominee_kind": .text(person.1), "year": .integer(2025),
                "title_code": person.2.map(FieldValue.text) ?? .null, "award_form_code": person.3.map(FieldValue.text) ?? .null,
                "campaign_id": .text("\(scope)-2025"), "status": .text("submitted"),
                "achievements": .text("Hoàn thành xuất sắc nhiệm vụ năm 2025"),
            ])
        }
        return [campaign] + nominations
    }

    static func nationalCampaign() -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "campaigns", id: "bct-2025"), operation: .create(scope: Scope.national), values: [
            "title": .text("Thi đua hoàn thành xuất sắc nhiệm vụ năm 2025"), "kind": .text("regular"),
            "launching_authority": .text("Bộ Công Thương"), "starts_on": .text("2025-01-01"), "ends_on": .text("2025-12-31"),
        ])
    }

    static let decisionLines = [
        "approve pt-001, pt-003, hn-001, hn-003, na-001, na-002 (125/QĐ-BCT, 2025-12-01)",
        "return hn-004: hồ sơ thiếu xác nhận 5 năm liên tục hoàn thành tốt nhiệm vụ",
        "reject pt-002: chưa đủ hai năm liên tục hoàn thành xuất sắc nhiệm vụ",
    ]

    static func decisions() -> [LocalWrite] {
        let approved = ["pt-001", "pt-003", "hn-001", "hn-003", "na-001", "na-002"].map { id in
            LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: [
                "board_status": .text("approved"), "decision_number": .text("125/QĐ-BCT"), "decision_date": .text("2025-12-01"),
                "decision_authority": .text("Bộ trưởng Bộ Công Thương"),
            ])
        }
        return approved + [
            LocalWrite(key: RecordKey(collection: "nominations", id: "hn-004"), operation: .update, values: [
                "board_status": .text("returned"), "board_reason": .text("Hồ sơ thiếu xác nhận 5 năm liên tục hoàn thành tốt nhiệm vụ")]),
            LocalWrite(key: RecordKey(collection: "nominations", id: "pt-002"), operation: .update, values: [
                "board_status": .text("rejected"), "board_reason": .text("Chưa đủ hai năm liên tục hoàn thành xuất sắc nhiệm vụ")]),
        ]
    }

    static func edit(_ id: String, achievements: String) -> LocalWrite {
        LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .update, values: ["achievements": .text(achievements)])
    }

    static func sync(_ replica: Replica) async throws {
        let report = try await SyncSession(replica: replica).sync()
        Console.line("  \(replica.node) synced: pushed \(report.pushed.total), received \(report.pulledChanges) change(s)\(report.pulled.conflict == 0 ? "" : ", \(report.pulled.conflict) merged into a conflict")\(report.rejected.isEmpty ? "" : ", \(report.rejected.count) REJECTED")")
    }

    static func showConflicts(_ replica: Replica) throws {
        for conflict in try replica.conflicts() {
            Console.line("  conflict seen at \(replica.node): \(conflict.key) '\(conflict.field)'")
            for sibling in conflict.siblings {
                let mark = sibling == conflict.winner ? "  ← shown (the province owns this field)" : ""
                Console.line("    \(sibling.dot.node) (\(sibling.role.rawValue)): \(ValueFormat.plain(sibling.value))\(mark)")
            }
        }
    }

    static func entitled(_ replica: Replica, _ scope: String) throws -> [RecordVersion] {
        try replica.export().records.filter { $0.scope == scope || $0.scope == Scope.national }
    }

    static func printSummary(_ board: Replica) throws {
        var table = TextTable(header: ["tỉnh/thành", "mã", "danh hiệu / hình thức", "loại", "cá nhân ✓", "tập thể ✓", "chờ", "trả/không"])
        for row in try board.awardSummary() {
            table.rows.append([provinceName(row.scope), row.code, row.name, row.category == "title" ? "danh hiệu" : "hình thức",
                               String(row.individualsApproved), String(row.collectivesApproved), String(row.pending), String(row.returnedOrRejected)])
        }
        table.maxCellWidth = 44
        table.print()
    }
}
