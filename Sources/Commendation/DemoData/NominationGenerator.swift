import SyncCore

/// Realistic nominations in bulk, for benchmarks and load: Vietnamese names drawn with real
/// surname shares, the catalog's codes in proportions a province sends, units and campaigns of the
/// nomination's province, a year's achievements with the dates they were recognised.
///
/// Nomination `index` depends only on the seed, the year, the scope and the index (each draws from
/// its own `SeededRandom` stream), so any range can be generated alone, in any order, on any thread,
/// and a million of them cost far less than writing them.
public struct NominationGenerator: Sendable {
    public let year: Int
    public let seed: UInt64
    /// Units per province (`<scope>-dv1` …).
    public let unitsPerProvince: Int
    private let provinceNames: [String: String]

    public init(year: Int = 2025, seed: UInt64 = 2025, unitsPerProvince: Int = 40) {
        self.year = year
        self.seed = seed
        self.unitsPerProvince = max(1, unitsPerProvince)
        provinceNames = Dictionary(uniqueKeysWithValues: ReferenceData.provinces.map { ($0.code, $0.name) }
                                                         + ReferenceData.legacyProvinces.map { ($0.code, $0.name) })
    }

    /// Nomination `index` in `scope` (a province code), created with id `id`, status `submitted`.
    public func nomination(_ index: Int, scope: String, id: String) -> LocalWrite {
        var rng = SeededRandom(seed: seed ^ Self.hash(scope), index: UInt64(truncatingIfNeeded: index))
        let unit = 1 + rng.below(unitsPerProvince)
        var values: [String: FieldValue] = [
            "year": .integer(Int64(year)),
            "status": .text("submitted"),
            "unit_id": .text("\(scope)-dv\(unit)"),
            "campaign_id": .text("\(scope)-pt\(year)-\(rng.chance(0.8) ? 1 : 2)"),
        ]
        let code: String
        if rng.chance(0.1) {
            // Units 1…10 are the sample units; further ones their branches ("cơ sở 2" …).
            let unitName = SampleData.units[(unit - 1) % SampleData.units.count] + " " + (provinceNames[scope] ?? scope)
            let branch = (unit - 1) / SampleData.units.count
            values["nominee_kind"] = .text("collective")
            values["nominee_name"] = .text(branch == 0 ? unitName : unitName + " – cơ sở \(branch + 1)")
            code = SampleData.collectiveAwards.draw(using: &rng)
        } else {
            values["nominee_kind"] = .text("individual")
            values["nominee_name"] = .text(SampleData.name(using: &rng))
            values["person_id"] = .text("\(scope)-cb\(index)")
            code = SampleData.individualAwards.draw(using: &rng)
        }
        values[SampleData.codeField(code)] = .text(code)
        values["achievements"] = .text(SampleData.achievement(in: year, using: &rng))
        return LocalWrite(key: RecordKey(collection: "nominations", id: id), operation: .create(scope: scope), values: values)
    }

    /// FNV-1a of the scope's bytes: provinces draw different nominations for the same index.
    private static func hash(_ scope: String) -> UInt64 {
        scope.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
