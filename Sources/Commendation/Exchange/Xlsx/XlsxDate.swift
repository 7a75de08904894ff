import SyncCore

/// Excel's date serial numbers: days since 1899-12-30 in the 1900 date system (which counts
/// the 29 February 1900 that never was, as Lotus 1-2-3 did), or since 1904-01-01 in the 1904
/// system of old Mac workbooks.
enum XlsxDate {
    /// The date a serial number names (its time of day dropped), or nil outside 1900–9999.
    /// Serial 60 of the 1900 system is 29/02/1900, which is no date: nil.
    static func date(serial: Double, date1904: Bool) -> CivilDate? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let days: Int
        if date1904 {
            days = whole - 24_107
        } else if whole == 60 {
            return nil
        } else {
            days = whole - (whole < 60 ? 25_568 : 25_569)
        }
        let (y, m, d) = civil(fromDays: days)
        return CivilDate(year: y, month: m, day: d)
    }

    /// The serial number of `date` in the 1900 system (as tdsync writes workbooks).
    static func serial(of date: CivilDate) -> Int {
        let days = self.days(fromCivil: date.year, date.month, date.day)
        return days + (days < -25_508 ? 25_568 : 25_569)  // before 1 March 1900: no phantom 29 February
    }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian calendar).
    static func civil(fromDays count: Int) -> (Int, Int, Int) {
        let z = count + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
