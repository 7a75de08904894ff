import Commendation

/// A horizontal bar chart drawn as inline SVG by `statistics.mustache`: one bar per row of a
/// statistics table whose value is not zero, longest first, the geometry worked out here so the
/// template only places numbers. Labels and values come from the table as the report wrote them.
struct BarChart: Sendable {
    /// One bar: its row's code and label, its value, and where it is drawn.
    struct Bar: Sendable {
        let code, label: String
        let value: Int
        /// The top of the bar, its length, and where its texts sit.
        let y, length, textY, valueX: Int
    }

    /// The `id` of the `<svg>` (`chart-province`, `chart-award`, …).
    let id: String
    let title: String
    let bars: [Bar]
    let hasBars: Bool
    let width, height: Int
    /// Where the labels end (right-aligned), where the bars start, and how thick they are.
    let labelEnd, barStart, barHeight: Int

    static let width = 640, labelWidth = 250, rowHeight = 24, barHeight = 16, margin = 6

    /// The chart of `table`'s last column ("Tổng") by its rows, the totals row left out; `label`
    /// is the column shown beside each bar, the first column its code.
    init(id: String, title: String, table: StatisticsTable, label: Int) {
        let counted = table.rows.dropLast().compactMap { row -> (code: String, label: String, value: Int)? in
            guard let value = row.last.flatMap({ Int($0) }), value > 0, row.indices.contains(label) else { return nil }
            return (row[0], row[label], value)
        }
        // Longest first; rows of equal value keep the table's order.
        let ordered = counted.enumerated().sorted { ($1.element.value, $0.offset) < ($0.element.value, $1.offset) }.map(\.element)
        let maximum = ordered.first?.value ?? 1
        let scale = Self.width - Self.labelWidth - 50
        self.id = id
        self.title = title
        bars = ordered.enumerated().map { index, row in
            let y = Self.margin + index * Self.rowHeight
            let length = max(2, row.value * scale / maximum)
            return Bar(code: row.code, label: row.label, value: row.value, y: y + (Self.rowHeight - Self.barHeight) / 2, length: length,
                       textY: y + Self.rowHeight / 2 + 5, valueX: Self.labelWidth + length + 6)
        }
        hasBars = !bars.isEmpty
        width = Self.width
        height = Self.margin * 2 + bars.count * Self.rowHeight
        labelEnd = Self.labelWidth - 8
        barStart = Self.labelWidth
        barHeight = Self.barHeight
    }
}
