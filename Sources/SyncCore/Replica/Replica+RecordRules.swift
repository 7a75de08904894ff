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
            case .catalogReference(let field, let categories):
                guard case .text(let code) = visible(field) else { continue }
                let category = try String.fetchOne(try db.cachedStatement(sql: "SELECT category FROM award_types WHERE id = ?"), arguments: [code])
                guard let category else {
                    throw SyncError(.wrongType, "'\(field)' names award type '\(code)', which is not in the catalog")
                }
                guard categories.contains(category) else {
                    throw SyncError(.wrongType, "'\(field)' takes \(categories.joined(separator: "/")) codes, but '\(code)' is a \(category); titles (danh hiệu) go in title_code, award forms (hình thức) in award_form_code")
                }
            }
        }
    }
}
