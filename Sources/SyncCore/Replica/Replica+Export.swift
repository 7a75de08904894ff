import Foundation
import GRDB

/// The canonical export: every record and open conflict, without anything node-local (counters,
/// sequences, clocks), so two replicas that hold the same data export identical bytes.
public struct CanonicalExport: Codable, Sendable, Equatable {
    /// One open conflict in the export.
    public struct ConflictEntry: Codable, Sendable, Equatable {
        public let collection, id, field: String
        public let siblings: [Sibling]
    }

    public let schemaVersion: Int
    public let records: [RecordVersion]
    public let conflicts: [ConflictEntry]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", records, conflicts
    }
}

extension Replica {
    /// Builds the canonical export: records sorted by collection and id, conflicts by field.
    public func export() throws -> CanonicalExport {
        try storage {
            try pool.read { db in
                let records = try Row.fetchAll(db, sql: "SELECT \(Self.versionColumns) FROM _records")
                    .map(version(from:)).sorted { $0.key < $1.key }
                let conflicts = records.flatMap { record in
                    record.state.conflictingFields.map {
                        CanonicalExport.ConflictEntry(collection: record.key.collection, id: record.key.id, field: $0,
                                                      siblings: record.state.fields[$0] ?? [])
                    }
                }
                return CanonicalExport(schemaVersion: schema.version, records: records, conflicts: conflicts)
            }
        }
    }

    /// The canonical export as deterministic JSON (sorted keys, pretty printed).
    public func canonicalJSON() throws -> Data {
        try WireJSON.encode(try export(), pretty: true)
    }
}
