import SyncCore

/// Reference data copied from the project's shared data (`award-types.csv`, `provinces-2025.csv`).
///
/// Embedded as text rather than shipped as a resource bundle so the `tdsync` binary works wherever
/// it is copied. The catalog is what replicas start from (seeded records), not code: later changes
/// arrive as ordinary board writes.
public enum ReferenceData {
    /// One row of the award catalog.
    public struct AwardTypeRow: Sendable {
        public let code, name, category: String
        public let subjects: [String]
        public let level, decidedBy: String
        public let bonusBaseSalaryMultiple: String?
        public let legalBasis: String

        /// The day the act its legal basis cites took effect, nil when that act is not in
        /// `legalActs` (then the entry carries no `valid_from`).
        public var validFrom: CivilDate? { ReferenceData.effectiveDate(ofBasis: legalBasis) }
    }

    /// A legal act the catalog cites, and the day it took effect.
    public struct LegalActRow: Sendable {
        /// As the catalog's `legal_basis` names it, e.g. `Law 06/2022/QH15`.
        public let document: String
        /// ISO date.
        public let effectiveFrom: String
    }

    /// The acts behind the catalog, with their effective dates as the acts themselves state them.
    public static let legalActs: [LegalActRow] = [
        // The Law on Emulation and Commendation, in force from 1 January 2024.
        LegalActRow(document: "Law 06/2022/QH15", effectiveFrom: "2024-01-01"),
    ]

    /// The effective date of the act a legal basis cites (`Law 06/2022/QH15 Art 24` → 2024-01-01),
    /// nil for an act not listed in `legalActs`.
    public static func effectiveDate(ofBasis basis: String) -> CivilDate? {
        let act = legalActs.first { basis == $0.document || basis.hasPrefix($0.document + " ") }
        return act.flatMap { CivilDate(iso: $0.effectiveFrom) }
    }

    /// One of the 34 provincial-level units in force since 1 July 2025.
    public struct ProvinceRow: Sendable {
        public let code, name, kind: String
        /// The pre-2025 provinces merged into this one.
        public let mergedFrom: [String]
    }

    /// A province merged into another on 1 July 2025 (one that does not give its name to a 2025
    /// province): its own scope code, its name, and its successor's code.
    public struct LegacyProvinceRow: Sendable {
        public let code, name, successor: String
    }

    /// The merged provinces, their codes made from their names (`Vĩnh Phúc` → `vinh-phuc`).
    public static let legacyProvinces: [LegacyProvinceRow] = provinces.flatMap { province in
        province.mergedFrom.filter { $0 != province.name }.map { name in
            LegacyProvinceRow(code: TextNormalizer.folded(name).split(separator: " ").joined(separator: "-"), name: name, successor: province.code)
        }
    }

    /// The award catalog, in file order.
    public static let awardTypes: [AwardTypeRow] = CSVText.rows(awardTypesCSV).map { c in
        AwardTypeRow(code: c[0], name: c[1], category: c[2], subjects: c[3].split(separator: ";").map(String.init),
                     level: c[4], decidedBy: c[5], bonusBaseSalaryMultiple: c[6].isEmpty ? nil : c[6], legalBasis: c[7])
    }

    /// The provinces, in file order.
    public static let provinces: [ProvinceRow] = CSVText.rows(provincesCSV).map { c in
        ProvinceRow(code: c[0], name: c[1], kind: c[2], mergedFrom: c[3].split(separator: ";").map(String.init))
    }

    static let awardTypesCSV = """
code,name,category,subjects,level,decided_by,bonus_base_salary_multiple,legal_basis
LDTT,Lao động tiên tiến,title,individual,unit,head of unit,0.3,Law 06/2022/QH15 Art 24
CSTDCS,Chiến sĩ thi đua cơ sở,title,individual,unit,head of unit,1.0,Law 06/2022/QH15 Art 23
CSTD_BO,Chiến sĩ thi đua cấp bộ/ngành/tỉnh,title,individual,ministry_or_province,minister or provincial chairman,3.0,Law 06/2022/QH15 Art 22
CSTD_TQ,Chiến sĩ thi đua toàn quốc,title,individual,state,Prime Minister,4.5,Law 06/2022/QH15 Art 21
TTLDTT,Tập thể lao động tiên tiến,title,collective,unit,head of unit,0.8,Law 06/2022/QH15 Art 28
TTLDXS,Tập thể lao động xuất sắc,title,collective,ministry_or_province,minister or provincial chairman,1.5,Law 06/2022/QH15 Art 27
CO_BO,Cờ thi đua cấp bộ/ngành/tỉnh,title,collective,ministry_or_province,minister or provincial chairman,,Law 06/2022/QH15 Art 26
CO_CP,Cờ thi đua của Chính phủ,title,collective,state,Prime Minister,12,Law 06/2022/QH15 Art 25
GK,Giấy khen,certificate,individual;collective;household,unit,head of unit,,Law 06/2022/QH15
BK_BO,Bằng khen cấp bộ/ngành/tỉnh,certificate,individual;collective;household,ministry_or_province,minister or provincial chairman,,Law 06/2022/QH15 Art 74
BK_TTG,Bằng khen của Thủ tướng Chính phủ,certificate,individual;collective;household,state,Prime Minister,,Law 06/2022/QH15 Art 73
KNC,Kỷ niệm chương,medal,individual,ministry_or_province,minister or provincial chairman,,Law 06/2022/QH15
HCLD3,Huân chương Lao động hạng Ba,order,individual;collective,state,President,4.5,Law 06/2022/QH15 Art 44
HCLD2,Huân chương Lao động hạng Nhì,order,individual;collective,state,President,7.5,Law 06/2022/QH15 Art 44
HCLD1,Huân chương Lao động hạng Nhất,order,individual;collective,state,President,9.0,Law 06/2022/QH15 Art 44
HCDL3,Huân chương Độc lập hạng Ba,order,individual;collective,state,President,10.5,Law 06/2022/QH15
HCDL2,Huân chương Độc lập hạng Nhì,order,individual;collective,state,President,12.5,Law 06/2022/QH15
HCDL1,Huân chương Độc lập hạng Nhất,order,individual;collective,state,President,15,Law 06/2022/QH15
HCHCM,Huân chương Hồ Chí Minh,order,individual;collective,state,President,30.5,Law 06/2022/QH15
HCSV,Huân chương Sao vàng,order,individual;collective,state,President,46,Law 06/2022/QH15
AHLD,Anh hùng Lao động,honorary_title,individual;collective,state,President,,Law 06/2022/QH15 Art 59
NGND,Nhà giáo nhân dân,honorary_title,individual,state,President,,Law 06/2022/QH15 Art 59
NGUT,Nhà giáo ưu tú,honorary_title,individual,state,President,,Law 06/2022/QH15 Art 59
TTUT,Thầy thuốc ưu tú,honorary_title,individual,state,President,,Law 06/2022/QH15 Art 59
"""

    static let provincesCSV = """
code,name,kind,merged_from
hn,Hà Nội,city,Hà Nội
hue,Huế,city,Thừa Thiên Huế
hp,Hải Phòng,city,Hải Phòng;Hải Dương
dn,Đà Nẵng,city,Đà Nẵng;Quảng Nam
hcm,Hồ Chí Minh,city,Hồ Chí Minh;Bình Dương;Bà Rịa - Vũng Tàu
ct,Cần Thơ,city,Cần Thơ;Sóc Trăng;Hậu Giang
lc,Lai Châu,province,Lai Châu
db,Điện Biên,province,Điện Biên
sl,Sơn La,province,Sơn La
ls,Lạng Sơn,province,Lạng Sơn
qn,Quảng Ninh,province,Quảng Ninh
th,Thanh Hóa,province,Thanh Hóa
na,Nghệ An,province,Nghệ An
ht,Hà Tĩnh,province,Hà Tĩnh
cb,Cao Bằng,province,Cao Bằng
tq,Tuyên Quang,province,Tuyên Quang;Hà Giang
lca,Lào Cai,province,Lào Cai;Yên Bái
tn,Thái Nguyên,province,Thái Nguyên;Bắc Kạn
pt,Phú Thọ,province,Phú Thọ;Vĩnh Phúc;Hòa Bình
bn,Bắc Ninh,province,Bắc Ninh;Bắc Giang
hy,Hưng Yên,province,Hưng Yên;Thái Bình
nb,Ninh Bình,province,Ninh Bình;Hà Nam;Nam Định
qt,Quảng Trị,province,Quảng Trị;Quảng Bình
qng,Quảng Ngãi,province,Quảng Ngãi;Kon Tum
gl,Gia Lai,province,Gia Lai;Bình Định
kh,Khánh Hòa,province,Khánh Hòa;Ninh Thuận
ld,Lâm Đồng,province,Lâm Đồng;Đắk Nông;Bình Thuận
dl,Đắk Lắk,province,Đắk Lắk;Phú Yên
dna,Đồng Nai,province,Đồng Nai;Bình Phước
tni,Tây Ninh,province,Tây Ninh;Long An
vl,Vĩnh Long,province,Vĩnh Long;Bến Tre;Trà Vinh
dt,Đồng Tháp,province,Đồng Tháp;Tiền Giang
cm,Cà Mau,province,Cà Mau;Bạc Liêu
ag,An Giang,province,An Giang;Kiên Giang
"""
}

/// A minimal reader for the embedded CSV texts (header skipped; quoted fields supported).
enum CSVText {
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map { line in
            var fields: [String] = [], current = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else { current.append(ch) }
            }
            fields.append(current)
            return fields
        }
    }
}
