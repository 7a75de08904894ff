import ArgumentParser
import Commendation
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
        try NominationWorkflow.submit(id, in: opened)
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

        /// The outcome the decision records.
        var outcome: BoardDecision.Outcome {
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
        if let decisionNumber, !BoardDecision.isDecisionNumber(decisionNumber) {
            throw ValidationError("--decision-number must look like <number>/QĐ-<issuer>, e.g. 125/QĐ-BCT or 12/QĐ-UBND, not '\(decisionNumber.prefix(60))'.")
        }
        try RecordWrites.date(decisionDate, flag: "--decision-date")
        try RecordWrites.nonEmpty(authority, flag: "--authority")
        try RecordWrites.nonEmpty(reason, flag: "--reason")
    }

    func run() throws {
        let decided = BoardDecision(decision.outcome, number: decisionNumber, date: try RecordWrites.date(decisionDate, flag: "--decision-date"),
                                    authority: authority, reason: reason)
        let set = try NominationWorkflow.decide(id, decided, in: replica.open())
        Console.line("\(decision.outcome.rawValue) \(id): set \(set.joined(separator: ", "))")
    }
}
