import Foundation
import Testing
import TestSupport
@testable import Commendation
@testable import SyncCore

/// The reference data protocol.md gives in its tables (§5.1 legacy scopes, §5.7 award catalog,
/// §5.11 eligibility rules), rebuilt from the text alone as an independent client would, and
/// compared with what the code seeds and accepts: when the text and the code disagree, this fails.
@Suite struct ProtocolTextTests {
    static let text: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("protocol.md"), encoding: .utf8)) ?? ""
    }()

    /// The body rows of the first Markdown table after the line that starts with `heading`, each
    /// cell trimmed, its backticks removed and `\|` read as `|`.
    static func table(after heading: String, header: String) throws -> [[String]] {
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(heading) }, "protocol.md has no line '\(heading)'")
        let top = try #require(lines[start...].firstIndex { $0.hasPrefix("| \(header)") }, "no table '\(header)' after '\(heading)'")
        return lines[(top + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            line.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|", omittingEmptySubsequences: false)
                .dropFirst().dropLast()
                .map { $0.replacingOccurrences(of: "\u{1}", with: "|").replacingOccurrences(of: "`", with: "").trimmingCharacters(in: .whitespaces) }
        }
    }

    /// One seeded value as the text describes it: `{"dot": "seed:E", "role": "board", "ts": [0, 0], "value": …}`.
    static func seeded(_ value: FieldValue, edition: UInt64 = 1) -> [Sibling] {
        [Sibling(dot: Dot(node: .seed, counter: edition), timestamp: HLCTimestamp(physical: 0, logical: 0), role: .board, value: value)]
    }

    /// Expects `built` (id → fields, as `section` describes them) to be, byte for byte in the
    /// compact JSON of §3.4, the records of `collection` a fresh replica seeds with vector `{seed: edition}`.
    static func expectSeeded(_ built: [String: [String: [Sibling]]], in collection: String, edition: UInt64, section: String) throws {
        let dir = try TemporaryDirectory()
        let replica = try Replica.create(at: dir.path("fresh.sqlite"), schema: .commendation, node: NodeID("any"), role: .province,
                                         scopes: ["hn"], durability: .normal)
        let seeded = Dictionary(uniqueKeysWithValues: try replica.records(in: collection).map { ($0.version.key.id, RecordCodec.encode($0.version)) })
        #expect(built.keys.sorted() == seeded.keys.sorted())
        for (id, fields) in built {
            let version = RecordVersion(key: RecordKey(collection: collection, id: id), scope: "*",
                                        state: RecordState(vv: VersionVector([.seed: edition]), fields: fields))
            let bytes = RecordCodec.encode(version)
            #expect(bytes == seeded[id], "\(collection)/\(id): \(section) gives \(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func theAwardCatalogRebuiltFromSection5_7IsWhatAReplicaSeeds() throws {
        let rows = try Self.table(after: "### 5.7", header: "id | name")
        #expect(rows.count == 24)
        var built: [String: [String: [Sibling]]] = [:]
        for row in rows {
            let subjects = try JSONDecoder().decode([String].self, from: Data(row[3].utf8))
            var fields: [String: [Sibling]] = [
                "name": Self.seeded(.text(row[1])), "category": Self.seeded(.text(row[2])), "subjects": Self.seeded(.textList(subjects)),
                "level": Self.seeded(.text(row[4])), "decided_by": Self.seeded(.text(row[5])), "legal_basis": Self.seeded(.text(row[7])),
                "_deleted": Self.seeded(.bool(false)),
                "valid_from": Self.seeded(.date(try #require(CivilDate(iso: "2024-01-01"))), edition: 2),
            ]
            if row[6] != "—" {
                let bonus = try JSONDecoder().decode(String.self, from: Data(row[6].utf8))
                fields["bonus_base_salary_multiple"] = Self.seeded(.decimal(try #require(DecimalText(bonus))))
            }
            built[row[0]] = fields
        }
        try Self.expectSeeded(built, in: "award_types", edition: 2, section: "§5.7")
        #expect(rows.map { $0[0] } == ReferenceData.awardTypes.map(\.code), "§5.7 lists the catalog in seeding order")
    }

    @Test func theEligibilityRulesRebuiltFromSection5_11AreWhatAReplicaSeeds() throws {
        let rows = try Self.table(after: "**The seeded rules.**", header: "id | article")
        #expect(rows.count == 6)
        var built: [String: [String: [Sibling]]] = [:]
        for row in rows {
            let dash = try #require(row[0].lastIndex(of: "-"))
            let conditions = row[3].components(separatedBy: "; ")
            let fields: [String: [Sibling]] = [
                "award_code": Self.seeded(.text(String(row[0][..<dash]))), "subject": Self.seeded(.text(String(row[0][row[0].index(after: dash)...]))),
                "article": Self.seeded(.text(row[1])), "summary": Self.seeded(.text(row[2])), "conditions": Self.seeded(.textList(conditions)),
                "valid_from": Self.seeded(.date(try #require(CivilDate(iso: "2024-01-01")))), "_deleted": Self.seeded(.bool(false)),
            ]
            built[row[0]] = fields
        }
        try Self.expectSeeded(built, in: "eligibility_rules", edition: 1, section: "§5.11")
    }

    @Test func section5_1ListsEveryLegacyScopeWithItsSuccessor() throws {
        let rows = try Self.table(after: "**Province codes and the 2025 merger.**", header: "legacy scope")
        let listed = rows.map { [$0[0], $0[1], String($0[2].prefix { $0 != " " })] }
        #expect(listed == ReferenceData.legacyProvinces.map { [$0.code, $0.name, $0.successor] })
        #expect(listed.count == 30)
        let rules = Schema.commendation.scopes
        #expect(Dictionary(uniqueKeysWithValues: listed.map { ($0[0], $0[2]) }) == rules.successors)
        for row in listed {
            #expect(throws: Never.self, "\(row[0]) is a valid scope") { try rules.validate(row[0]) }
            #expect(rules.isVisible(row[0], to: [row[2]]), "\(row[0]) is visible to a node replicating \(row[2])")
            #expect(rules.covers(row[0], for: [row[2]]), "a node replicating \(row[2]) may write \(row[0])")
        }
    }
}
