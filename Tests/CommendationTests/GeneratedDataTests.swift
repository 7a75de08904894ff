import Foundation
import Testing
import Commendation
import SyncCore

/// The generated data sets: `NominationGenerator` (benchmarks) and `DemoData` (demonstrations),
/// both realistic, valid and the same for the same seed.
@Suite struct GeneratedDataTests {
    @Test func seededStreamsRepeatAndDiffer() {
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        var first = SeededRandom(seed: 7, index: 1), second = SeededRandom(seed: 7, index: 2)
        let one = (0..<4).map { _ in first.next() }, two = (0..<4).map { _ in second.next() }
        #expect(Set(one).isDisjoint(with: two), "neighbouring indexes draw unrelated numbers")
        var rng = SeededRandom(seed: 1)
        let choice = WeightedChoice([("rare", 1), ("common", 99)])
        let draws = (0..<10_000).map { _ in choice.draw(using: &rng) }
        #expect((9_700...9_990).contains(draws.filter { $0 == "common" }.count))
    }

    @Test func nominationsAreRealisticValidAndTheSameInAnyOrder() throws {
        let generator = NominationGenerator(year: 2025, seed: 42)
        let forward = (0..<2_000).map { generator.nomination($0, scope: "dn", id: "n\($0)") }
        let backward = (0..<2_000).reversed().map { generator.nomination($0, scope: "dn", id: "n\($0)") }.reversed()
        #expect(forward.map(\.values) == backward.map(\.values))
        #expect(forward[5].values != generator.nomination(5, scope: "hn", id: "n5").values, "provinces draw their own nominations")

        let values = forward.map(\.values)
        let codes = Set(ReferenceData.awardTypes.map(\.code))
        #expect(values.allSatisfy { codes.contains($0["title_code"]?.text ?? $0["award_form_code"]?.text ?? "") })
        let names = values.filter { $0["nominee_kind"] == .text("individual") }.compactMap { $0["nominee_name"]?.text }
        let nguyen = names.filter { $0.hasPrefix("Nguyễn ") }.count
        #expect(Double(nguyen) / Double(names.count) > 0.3 && Double(nguyen) / Double(names.count) < 0.46, "Nguyễn is 38 % of surnames")
        #expect(values.allSatisfy { ($0["unit_id"]?.text ?? "").hasPrefix("dn-dv") && ($0["campaign_id"]?.text ?? "").hasPrefix("dn-pt2025-") })
        let dated = values.compactMap { $0["achievements"]?.text?.split(separator: " ").last.map(String.init) }.compactMap(parseVietnameseDate)
        #expect(dated.count > 1_000 && dated.allSatisfy { $0.year == 2025 })

        // The engine accepts every one of them.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tdsync-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let replica = try Replica.create(at: directory.appendingPathComponent("dn.sqlite").path, schema: .commendation, node: NodeID("dn-office"),
                                         role: .province, scopes: ["dn"], durability: .normal)
        try replica.write(forward)
        #expect(try replica.records(in: "nominations").count == 2_000)
    }

    @Test func demoDataIsTheSameForTheSameSeed() {
        var a = DemoData(peoplePerProvince: 5, seed: 3), b = DemoData(peoplePerProvince: 5, seed: 3), c = DemoData(peoplePerProvince: 5, seed: 4)
        let writes = a.provinceWrites("hn")
        #expect(writes.map(\.values) == b.provinceWrites("hn").map(\.values))
        #expect(writes.map(\.values) != c.provinceWrites("hn").map(\.values))
    }
}

private extension FieldValue {
    var text: String? { if case .text(let s) = self { s } else { nil } }
}
