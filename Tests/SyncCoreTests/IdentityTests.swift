import Testing
@testable import SyncCore

@Suite struct NodeIDTests {
    @Test func acceptsShortLowercaseIDs() throws {
        #expect(try NodeID("hn").rawValue == "hn")
        #expect(try NodeID("board-1_a").rawValue == "board-1_a")
        #expect(try NodeID(String(repeating: "a", count: 32)).rawValue.count == 32)
    }

    @Test(arguments: ["", "HN", "-hn", "hà-nội", "a b", "hn:1", String(repeating: "a", count: 33)])
    func rejectsInvalidIDs(_ text: String) {
        #expect(throws: SyncError.self) { try NodeID(text) }
        #expect(NodeID.problem(with: text) != nil)
    }
}

@Suite struct VersionVectorTests {
    let a = NodeID(unchecked: "a"), b = NodeID(unchecked: "b"), c = NodeID(unchecked: "c")

    @Test func causalityEqual() {
        #expect(VersionVector([a: 1, b: 2]).compare(VersionVector([b: 2, a: 1])) == .equal)
        #expect(VersionVector().compare(VersionVector()) == .equal)
        #expect(VersionVector([a: 0]).compare(VersionVector()) == .equal)
    }

    @Test func causalityBeforeAndAfter() {
        let older = VersionVector([a: 1])
        let newer = VersionVector([a: 2, b: 1])
        #expect(older.compare(newer) == .before)
        #expect(newer.compare(older) == .after)
        #expect(VersionVector().compare(older) == .before)
    }

    @Test func causalityConcurrent() {
        #expect(VersionVector([a: 2, b: 1]).compare(VersionVector([a: 1, b: 2])) == .concurrent)
        #expect(VersionVector([a: 1]).compare(VersionVector([b: 1])) == .concurrent)
    }

    @Test func mergeIsPointwiseMaximum() {
        let merged = VersionVector([a: 3, b: 1]).merging(VersionVector([b: 4, c: 2]))
        #expect(merged == VersionVector([a: 3, b: 4, c: 2]))
        var x = VersionVector([a: 1])
        x.merge(VersionVector([a: 5]))
        #expect(x[a] == 5)
    }

    @Test func coversDots() {
        let vv = VersionVector([a: 3])
        #expect(vv.covers(Dot(node: a, counter: 3)))
        #expect(vv.covers(Dot(node: a, counter: 1)))
        #expect(!vv.covers(Dot(node: a, counter: 4)))
        #expect(!vv.covers(Dot(node: b, counter: 1)))
    }
}

@Suite struct ClockTests {
    @Test func readingsStayMonotonicWhenTheWallClockJumpsBackwards() {
        var clock = HybridLogicalClock()
        var previous = HLCTimestamp.zero
        let walls: [Int64] = [1_000, 1_000, 2_000, 500, 500, 1_999, 2_500, 100]
        for wall in walls {
            let reading = clock.tick(wall: wall)
            #expect(reading > previous, "wall \(wall): \(reading) must be above \(previous)")
            previous = reading
        }
        #expect(previous.physical == 2_500)
    }

    @Test func observingARemoteReadingKeepsLaterLocalReadingsAbove() {
        var clock = HybridLogicalClock()
        _ = clock.tick(wall: 1_000)
        clock.observe(HLCTimestamp(physical: 5_000, logical: 7), wall: 1_000)
        #expect(clock.tick(wall: 1_001) > HLCTimestamp(physical: 5_000, logical: 7))
    }

    @Test func aPeerFarInTheFutureCannotDragTheClockBeyondTheDrift() {
        var clock = HybridLogicalClock(maxForwardDrift: 60_000)
        clock.observe(HLCTimestamp(physical: 10_000_000_000, logical: 0), wall: 1_000)
        #expect(clock.last.physical <= 61_000)
        #expect(clock.tick(wall: 1_000).physical <= 61_001)
    }

    @Test func logicalOverflowCarriesIntoPhysical() {
        var clock = HybridLogicalClock(last: HLCTimestamp(physical: 10, logical: .max))
        #expect(clock.tick(wall: 5) == HLCTimestamp(physical: 11, logical: 0))
    }
}

@Suite struct ValueTests {
    @Test func decimalsAreCanonical() {
        #expect(DecimalText("01.50")?.text == "1.5")
        #expect(DecimalText("-0.0")?.text == "0")
        #expect(DecimalText("12")?.text == "12")
        #expect(DecimalText("-3.25")?.text == "-3.25")
        for bad in ["", ".5", "1.", "1e5", "abc", "1.2.3", "--1", "١٢"] { #expect(DecimalText(bad) == nil, "\(bad)") }
    }

    @Test func datesMustExist() {
        #expect(CivilDate(iso: "2024-02-29")?.description == "2024-02-29")
        for bad in ["2023-02-29", "2025-13-01", "2025-1-01", "25-01-01", "2025-04-31", "01/07/2025"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func textIsStoredNFC() throws {
        let spec = try #require(Schema.notes.collection("notes")?.field("title"))
        let decomposed = "Nguye\u{0302}\u{0303}n Va\u{0306}n An"
        #expect(try spec.validate(.text(decomposed)) == .text("Nguyễn Văn An"))
    }

    @Test func fieldsRejectWrongTypesWithTheFieldName() throws {
        let priority = try #require(Schema.notes.collection("notes")?.field("priority"))
        #expect(throws: SyncError.self) { try priority.validate(.text("3")) }
        #expect(throws: SyncError.self) { try priority.validate(.integer(9)) }
        do { _ = try priority.validate(.bool(true)); Issue.record("accepted a bool") } catch let error as SyncError {
            #expect(error.code == .wrongType)
            #expect(error.message.contains("priority"))
        }
        let amount = try #require(Schema.notes.collection("notes")?.field("amount"))
        #expect(try amount.validate(.text("12.50")) == .decimal(DecimalText("12.5")!))
        #expect(throws: SyncError.self) { try amount.validate(.text("twelve")) }
        let kind = try #require(Schema.notes.collection("notes")?.field("kind"))
        #expect(throws: SyncError.self) { try kind.validate(.text("household")) }
        let name = try #require(Schema.notes.collection("notes")?.field("title"))
        #expect(throws: SyncError.self) { try name.validate(.text("a\u{0}b")) }
    }
}
