import SyncCore

/// Terminal display width of text, counted per grapheme cluster (`Character`), never per byte
/// or Unicode scalar: a letter with combining marks ("ễ" precomposed or decomposed) is one
/// column, East Asian wide characters and emoji are two, a cluster of only marks is zero.
enum DisplayWidth {
    /// The number of terminal columns `text` occupies.
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The number of terminal columns one grapheme cluster occupies: 0, 1 or 2.
    static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first(where: { !isZeroWidth($0) }) else { return 0 }
        if isWide(base) { return 2 }
        // An emoji with a presentation selector or joined sequence is drawn two columns wide.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }), base.properties.isEmoji { return 2 }
        return 1
    }

    /// Scalars that never take a column of their own: combining marks, format and control characters.
    static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }

    /// Scalars drawn two columns wide: East Asian Wide/Fullwidth ranges and emoji presentation.
    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation { return true }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// The text with control characters (newlines, tabs) replaced by spaces, for one table cell.
    var singleLine: String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// The text padded with spaces on the right to `width` display columns.
    func padded(toWidth width: Int) -> String {
        let missing = width - DisplayWidth.of(self)
        return missing > 0 ? self + String(repeating: " ", count: missing) : self
    }

    /// The text cut to at most `width` display columns, ending in "…" when cut.
    func truncated(toWidth width: Int) -> String {
        guard DisplayWidth.of(self) > width, width > 0 else { return self }
        var out = "", used = 0
        for character in self {
            let w = DisplayWidth.of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }
}

/// A plain-text table whose columns line up in a terminal, whatever the script of the cells.
struct TextTable {
    /// The column titles.
    var header: [String]
    /// The cells, one array per row, in header order.
    var rows: [[String]] = []
    /// The widest a cell may be before it is cut with "…".
    var maxCellWidth = 40

    /// The table as lines: header first, columns separated by two spaces, no trailing spaces.
    func lines() -> [String] {
        let all = ([header] + rows).map { row in row.map { TextNormalizer.nfc($0).singleLine.truncated(toWidth: maxCellWidth) } }
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() where index < widths.count {
                line += index == widths.count - 1 ? cell : cell.padded(toWidth: widths[index]) + "  "
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Prints the table on stdout.
    func print() {
        for line in lines() { Console.line(line) }
    }
}
