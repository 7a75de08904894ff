import ArgumentParser
import SyncClient
import SyncCore

/// `tdsync nomination submit`: the province sends a nomination to the board.
struct NominationSubmit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a nomination to the board: set its status to submitted.",
        discussion: "The same as `nomination edit ID --status submitted`, then the eligibility warnings of `nomination check`."
    )

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    func run() throws {
        let opened = try replica.open()
        let scope = try NominationHistory.scope(of: id, in: opened)
        try opened.write([LocalWrite(key: Nominations.key(id), operation: .update, values: ["status": .text(StatusChoice.submitted.rawValue)]),
                          NominationHistory.event("submitted", on: id, scope: scope, by: opened)])
        Console.line("submitted \(id)")
        EligibilityView.warn(opened, nomination: id)
    }
}

/// `tdsync nomination decide`: the board approves, returns or rejects a nomination.
struct NominationDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the board's decision on a nomination: approve, return or reject it.",
        usage: """
            tdsync nomination decide <id> --db <file> (--approve | --return | --reject) \
            [--decision-number <text>] [--decision-date <date>] [--authority <text>] [--reason <text>]
            """,
        discussion: """
            Sets board_status to approved, returned or rejected, and the decision fields given. \
            --approve needs --decision-number (<number>/QĐ-<issuer>, e.g. 125/QĐ-BCT or \
            12/QĐ-UBND) and --decision-date; --return and --reject need --reason. A decision \
            replaces the previous one: decision fields not given are cleared, so a returned \
            nomination keeps no earlier approval number. The decision belongs to the board: a province node is \
            refused with field_not_owned (exit 4).

            Examples:
              tdsync nomination decide hn-001 --db board.db --approve \\
                  --decision-number "125/QĐ-BCT" --decision-date 2025-12-01 \\
                  --authority "Bộ trưởng Bộ Công Thương"
              tdsync nomination decide hn-004 --db board.db --return \\
                  --reason "Hồ sơ thiếu xác nhận của đơn vị"
            """
    )

    /// The board's three decisions, given as --approve, --return or --reject.
    enum Decision: String, EnumerableFlag {
        case approve, `return`, reject

        /// The board_status the decision sets.
        var boardStatus: BoardStatusChoice {
            switch self {
            case .approve: .approved
            case .return: .returned
            case .reject: .rejected
            }
        }

        static func help(for value: Decision) -> ArgumentHelp? {
            switch value {
            case .approve: "Approve it (needs --decision-number and --decision-date)."
            case .return: "Return it to the province for more work (needs --reason)."
            case .reject: "Reject it (needs --reason)."
            }
        }
    }

    @OptionGroup var replica: ReplicaOptions

    @Argument(help: "The nomination's id.")
    var id: String

    @Flag var decision: Decision

    @Option(help: ArgumentHelp("The decision's number, <number>/QĐ-<issuer>, e.g. 125/QĐ-BCT.", valueName: "text"))
    var decisionNumber: String?

    @Option(help: ArgumentHelp("The decision's date, YYYY-MM-DD.", valueName: "date"))
    var decisionDate: String?

    @Option(help: ArgumentHelp("The deciding authority, e.g. \"Bộ trưởng Bộ Công Thương\".", valueName: "text"))
    var authority: String?

    @Option(help: ArgumentHelp("The board's reason (required to return or reject).", valueName: "text"))
    var reason: String?

    func validate() throws {
        switch decision {
        case .approve:
            guard decisionNumber != nil else { throw ValidationError("--approve needs --decision-number, e.g. --decision-number \"125/QĐ-BCT\".") }
            guard decisionDate != nil else { throw ValidationError("--approve needs --decision-date YYYY-MM-DD.") }
        case .return, .reject:
            guard reason != nil else { throw ValidationError("--\(decision.rawValue) needs --reason: say why, for the province.") }
        }
        if let decisionNumber, !Self.isDecisionNumber(decisionNumber) {
            throw ValidationError("--decision-number must look like <number>/QĐ-<issuer>, e.g. 125/QĐ-BCT or 12/QĐ-UBND, not '\(decisionNumber.prefix(60))'.")
        }
        try RecordWrites.date(decisionDate, flag: "--decision-date")
        try RecordWrites.nonEmpty(authority, flag: "--authority")
        try RecordWrites.nonEmpty(reason, flag: "--reason")
    }

    func run() throws {
        // A decision replaces the previous one: fields it does not give are cleared, so a returned
        // nomination never keeps an earlier approval's number, nor an approval a return's reason.
        let values: [String: FieldValue] = [
            "board_status": .text(decision.boardStatus.rawValue),
            "decision_number": decisionNumber.map(FieldValue.text) ?? .null,
            "decision_date": decisionDate.map(FieldValue.text) ?? .null,
            "decision_authority": authority.map(FieldValue.text) ?? .null,
            "board_reason": reason.map(FieldValue.text) ?? .null,
        ]
        let opened = try replica.open()
        let scope = try NominationHistory.scope(of: id, in: opened)
        try opened.write([LocalWrite(key: Nominations.key(id), operation: .update, values: values),
                          NominationHistory.event(decision.boardStatus.rawValue, on: id, scope: scope, by: opened, reason: reason, decisionNumber: decisionNumber)])
        Console.line("\(decision.boardStatus.rawValue) \(id): set \(values.filter { $0.value != .null }.keys.sorted().joined(separator: ", "))")
    }

    /// Whether `text` reads `<digits>/QĐ-<issuer>`, the issuer being letters and digits in
    /// '-'-separated parts (BCT, UBND, TTg, BTĐKT, UBND-TĐKT).
    static func isDecisionNumber(_ text: String) -> Bool {
        let text = TextNormalizer.nfc(text)
        guard let slash = text.firstIndex(of: "/") else { return false }
        let number = text[..<slash], rest = text[text.index(after: slash)...]
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), rest.hasPrefix("QĐ-") else { return false }
        let parts = rest.dropFirst(3).split(separator: "-", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isLetter || ($0.isASCII && $0.isNumber) } }
    }
}
