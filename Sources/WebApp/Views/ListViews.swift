import Commendation
import SyncCore

/// One nomination as a row of the list and the queue.
struct NominationRow: Sendable {
    let id, nominee, kind, province: String
    let year: Int
    let award, unit, campaign, status, boardStatus, decisionNumber: String?
    let conflict: Bool

    init(_ nomination: Nomination, names: Names) {
        id = nomination.id
        nominee = nomination.nomineeName
        kind = Labels.kind(nomination.nomineeKind.rawValue)
        province = Labels.province(nomination.scope)
        year = nomination.year
        award = names.award(nomination.titleCode ?? nomination.awardFormCode)
        unit = names.unit(nomination.unitID)
        campaign = names.campaign(nomination.campaignID)
        status = Labels.status(nomination.status.rawValue)
        boardStatus = Labels.boardStatus(nomination.boardStatus?.rawValue)
        decisionNumber = nomination.boardStatus == .approved ? nomination.decisionNumber : nil
        conflict = !nomination.conflictingFields.isEmpty
    }
}

/// The list's filters, as given in the query string.
struct ListFilter: Sendable {
    var query, status, code, unit, campaign, year: String?

    init(_ form: FormData) {
        query = form.text("q"); status = form.text("status"); code = form.text("code")
        unit = form.text("unit"); campaign = form.text("campaign"); year = form.text("year")
    }

    /// The province's statuses, then the board's (`board:` before the code).
    static let statusChoices: [(id: String, name: String)] =
        NominationVocabulary.statuses.map { ($0.code, $0.words[0]) } + NominationVocabulary.boardStatuses.map { ("board:\($0.code)", "Ban: \($0.words[0])") }

    /// Whether `nomination` passes every filter but the search, which the replica's index answers.
    func admits(_ nomination: Nomination) -> Bool {
        if let status {
            if status.hasPrefix("board:") {
                guard nomination.boardStatus?.rawValue == String(status.dropFirst(6)) else { return false }
            } else if nomination.status.rawValue != status { return false }
        }
        if let code, nomination.titleCode != code, nomination.awardFormCode != code { return false }
        if let unit, nomination.unitID != unit { return false }
        if let campaign, nomination.campaignID != campaign { return false }
        if let year, String(nomination.year) != year { return false }
        return true
    }
}

/// The nominations page: the returned ones first, with the board's reason, then the table.
struct ListPage: Sendable {
    struct Returned: Sendable { let id, nominee: String; let reason: String? }

    let chrome: Chrome
    let title = "Hồ sơ đề nghị khen thưởng"
    let returned: [Returned]
    let hasReturned: Bool
    let query: String
    let statusOptions, codeOptions, unitOptions, campaignOptions, yearOptions: [Option]
    let rows: [NominationRow]
    let count: Int
    let searchError: String?
}
