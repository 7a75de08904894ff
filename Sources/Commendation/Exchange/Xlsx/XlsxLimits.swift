/// How much a workbook may hold before `XlsxReader` refuses it: a zip bomb, a huge
/// shared-strings part or a sheet of millions of cells is refused with a clear error, quickly,
/// before anything is imported.
public struct XlsxLimits: Sendable {
    /// The most bytes a sheet or the shared-strings part may inflate to (its declared size and
    /// the bytes actually inflated are both checked).
    public var maxPartBytes: Int64
    /// The most bytes the workbook, its relationships and its styles may inflate to.
    public var maxSmallPartBytes: Int64
    /// The most entries the zip container may hold.
    public var maxEntries: Int
    /// The most strings the shared-strings part may hold.
    public var maxSharedStrings: Int
    /// The most cells with a value a sheet may hold.
    public var maxCells: Int

    public init(maxPartBytes: Int64 = 128 << 20, maxSmallPartBytes: Int64 = 16 << 20, maxEntries: Int = 10_000,
                maxSharedStrings: Int = 1_000_000, maxCells: Int = 5_000_000) {
        self.maxPartBytes = maxPartBytes
        self.maxSmallPartBytes = maxSmallPartBytes
        self.maxEntries = maxEntries
        self.maxSharedStrings = maxSharedStrings
        self.maxCells = maxCells
    }

    /// Excel's own bounds: 1,048,576 rows and 16,384 columns (A to XFD).
    public static let excelRows = 1_048_576
    public static let excelColumns = 16_384
}
