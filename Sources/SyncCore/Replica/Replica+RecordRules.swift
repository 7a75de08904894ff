import GRDB

extension Replica {
    /// Checks required fields and record rules on the visible values of a live record.
    func checkRecordRules(_ version: RecordVersion, spec: CollectionSpec, in db: Database) throws {
        func visible(_ name: String) -> FieldValue {
            Winner.pick(version.state.fields[name] ?? [], owner: spec.field(name)?.owner)?.value ?? .null
        }
        for field in spec.fields where field.required {
            let value = visible(field.name)
            if value == .null || value.isBlankText {
                throw SyncError(.wrongType, "\(spec.name) needs a value for '\(field.name)'")
            }
        }
        for rule in spec.rules {
            switch rule {
            case .exactlyOne(let names):
                let set = names.filter { visible($0) != .null }
                guard set.count == 1 else {
                    throw SyncError(.wrongType, "\(spec.name) needs exactly one of \(names.joined(separator: ", ")); \(set.isEmpty ? "none is set" : "\(set.joined(separator: " and ")) are both set")")
                }
            case .check(let check):
                try check(RecordCheck(key: version.key, scope: version.scope, visible: visible, db: db, schema: schema, tables: tables))
            }
        }
    }
}
