import SyncCore

/// How `Replica.importNominations(csv:options:)` imports.
public struct ImportOptions: Sendable {
    /// Check every row and report, but write nothing.
    public var dryRun: Bool
    /// Write nothing unless every row is valid (duplicates are not errors).
    public var allOrNothing: Bool

    public init(dryRun: Bool = false, allOrNothing: Bool = false) {
        self.dryRun = dryRun
        self.allOrNothing = allOrNothing
    }
}

/// What an import did with each row of a CSV file, in file order.
public struct ImportReport: Sendable {
    /// What became of one row.
    public enum Outcome: Sendable, Equatable {
        /// Written as a new nomination.
        case imported
        /// Valid, but not written: a dry run, or an all-or-nothing import with errors elsewhere.
        case valid
        /// Already in the replica or earlier in the file; not imported. `reason` says which.
        case duplicate(reason: String)
        /// Wrong; not imported. The code and message are the engine's.
        case error(code: SyncError.Code, message: String)
    }

    /// One row's outcome.
    public struct Row: Sendable, Equatable {
        /// The row number as Excel shows it (the header is row 1).
        public let number: Int
        /// The nomination's id as the file gives it, or the new id an imported row without one
        /// was given; nil for a row without an id that was not imported.
        public let id: String?
        /// The header, as the file writes it, of the column the error is about (nil when none).
        public let column: String?
        public let outcome: Outcome

        public init(number: Int, id: String?, column: String? = nil, outcome: Outcome) {
            self.number = number
            self.id = id
            self.column = column
            self.outcome = outcome
        }
    }

    /// Every non-blank row, in file order.
    public let rows: [Row]
    /// Problems with the file that did not stop the import, e.g. a column that names no field
    /// (each said once).
    public let warnings: [String]
    /// Whether the valid rows were written (false for a dry run, for an all-or-nothing import
    /// with errors, and when no row was valid).
    public let written: Bool

    public init(rows: [Row], warnings: [String], written: Bool) {
        self.rows = rows
        self.warnings = warnings
        self.written = written
    }

    /// Rows written.
    public var imported: Int { rows.filter { $0.outcome == .imported }.count }
    /// Rows valid but not written.
    public var validNotWritten: Int { rows.filter { $0.outcome == .valid }.count }
    /// Rows that were duplicates.
    public var duplicates: Int { rows.filter { if case .duplicate = $0.outcome { true } else { false } }.count }
    /// Rows that were wrong.
    public var errors: Int { rows.filter { if case .error = $0.outcome { true } else { false } }.count }
}
