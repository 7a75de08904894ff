import Foundation
import SyncCore

extension StatisticsReport {
    /// Forms 0602 and 0603: commendations of one level by type, by submitting province and by kind.
    func commendations(year: Int, level: String, form: String) throws -> [StatisticsTable] {
        let all = try approved(year: year, level: level)
        let columns = ["Tập thể", "Cá nhân", "Trực tiếp LĐ", "Tỷ lệ trực tiếp LĐ", "Tổng"]
        func cells(_ items: [Commendation]) -> [String] {
            let individuals = items.filter { !$0.collective }
            let direct = individuals.filter(\.directWorker).count
            return [String(items.count - individuals.count), String(individuals.count), String(direct),
                    Self.percent(direct, of: individuals.count), String(items.count)]
        }
        let types = ReferenceData.awardTypes.filter { $0.level == level }
        var byType = types.map { [$0.code, $0.name] + cells(all.filter { [code = $0.code] in $0.code == code }) }
        byType.append(["", "Tổng cộng"] + cells(all))
        let provinces = ReferenceData.provinces
        // The 2025 breakdown counts a merged province's records with its successor; the old one
        // keeps each record with the province that issued it (63 provinces).
        var byProvince = provinces.map { [$0.code, $0.name] + cells(all.filter { [code = $0.code] in CommendationSchema.provinces.successor(of: $0.province) == code }) }
        byProvince.append(["", "Tổng cộng"] + cells(all))
        // The 63 provinces before the merger: those that gave their name to a 2025 province keep
        // its code; the others (Huế's rename included) have codes of their own.
        let oldProvinces = provinces.filter { $0.mergedFrom.contains($0.name) }.map { ($0.code, $0.name, $0.name) }
            + ReferenceData.legacyProvinces.map { row in (row.code, row.name, provinces.first { $0.code == row.successor }?.name ?? row.successor) }
        let renamed = Dictionary(uniqueKeysWithValues: provinces.filter { !$0.mergedFrom.contains($0.name) }.compactMap { province in
            ReferenceData.legacyProvinces.first { $0.successor == province.code }.map { (province.code, $0.code) }
        })
        var byOldProvince = oldProvinces.sorted { TextNormalizer.folded($0.1) < TextNormalizer.folded($1.1) }.map { old in
            [old.0, old.1, old.2] + cells(all.filter { (renamed[$0.province] ?? $0.province) == old.0 })
        }
        byOldProvince.append(["", "Tổng cộng", ""] + cells(all))
        let kinds = ["Thường xuyên", "Chuyên đề", "Theo đợt", "Đột xuất"]
        var byKind = kinds.map { kind in [kind] + cells(all.filter { $0.kind == kind }) }
        byKind.append(["Tổng cộng"] + cells(all))
        let what = level == "state" ? "khen thưởng cấp Nhà nước" : "khen thưởng cấp bộ, ngành, tỉnh"
        return [
            StatisticsTable(title: "Biểu \(form) — \(what) năm \(year), theo hình thức", header: ["Mã", "Hình thức / danh hiệu"] + columns, rows: byType,
                            labelColumns: 2),
            StatisticsTable(title: "Biểu \(form) — \(what) năm \(year), theo đơn vị trình", header: ["Mã", "Tỉnh, thành phố"] + columns, rows: byProvince,
                            labelColumns: 2),
            StatisticsTable(title: "Biểu \(form) — \(what) năm \(year), theo loại hình khen thưởng", header: ["Loại hình"] + columns, rows: byKind, labelColumns: 1),
            StatisticsTable(title: "Biểu \(form) — \(what) năm \(year), theo 63 tỉnh trước sáp nhập (tỉnh trình hồ sơ)",
                            header: ["Mã", "Tỉnh trước 1/7/2025", "Nay thuộc"] + columns, rows: byOldProvince, labelColumns: 3),
        ]
    }

    /// Form 0601: campaigns launched in the year, by launching level, regular vs thematic, and duration.
    func campaigns(year: Int) throws -> StatisticsTable {
        struct Campaign { let central: Bool; let kind: String; let longerThanAYear: Bool }
        let campaigns = try replica.rows(TableQuery("campaigns")).compactMap { row -> Campaign? in
            guard let starts = row["starts_on"].dateValue, starts.year == year else { return nil }
            let days = Self.days(from: row["starts_on"].dateText, to: row["ends_on"].dateText)
            return Campaign(central: row.scope == Scope.national, kind: row["kind"].textValue ?? "regular", longerThanAYear: (days ?? 0) > 366)
        }
        func cells(_ items: [Campaign]) -> [String] {
            [String(items.filter { $0.kind == "regular" }.count), String(items.filter { $0.kind == "thematic" }.count),
             String(items.filter { $0.kind == "phase" }.count), String(items.filter { !$0.longerThanAYear }.count),
             String(items.filter(\.longerThanAYear).count), String(items.count)]
        }
        return StatisticsTable(
            title: "Biểu 0601 — phong trào thi đua phát động năm \(year)",
            header: ["Cấp phát động", "Thường xuyên", "Chuyên đề", "Theo đợt", "Đến 1 năm", "Trên 1 năm", "Tổng"],
            rows: [["Trung ương"] + cells(campaigns.filter(\.central)), ["Tỉnh, thành phố"] + cells(campaigns.filter { !$0.central }),
                   ["Tổng cộng"] + cells(campaigns)],
            labelColumns: 1)
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "-" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    static func days(from start: String?, to end: String?) -> Int? {
        guard let start, let end, let a = CivilDate(iso: start), let b = CivilDate(iso: end) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let from = calendar.date(from: DateComponents(year: a.year, month: a.month, day: a.day)),
              let to = calendar.date(from: DateComponents(year: b.year, month: b.month, day: b.day)) else { return nil }
        return calendar.dateComponents([.day], from: from, to: to).day
    }
}
