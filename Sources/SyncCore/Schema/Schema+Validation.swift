extension Schema {
    /// Checks a remote version against the schema and returns its canonical form (values typed,
    /// decimals canonical). Throws the first problem found in field-name order, naming the field.
    /// `refusingNonNFC`: text that is not NFC is refused (a hub receiving a push, protocol.md
    /// §4.4); otherwise it is accepted (a node pulling what a hub of an earlier release stored).
    ///
    /// The usual version is already canonical: it is checked in place and returned as it came,
    /// without rebuilding its fields. Only when something is wrong do the checks run again in a
    /// fixed order, so the error reported does not depend on dictionary order.
    public func validated(_ version: RecordVersion, refusingNonNFC: Bool = false) throws -> RecordVersion {
        let spec = try requireCollection(version.key.collection)
        try RecordID.validate(version.key.id)
        try validateScope(version.scope, of: spec)
        guard version.state.isWellFormed else {
            throw SyncError(.badChange, "\(version.key): \(version.state.problems.first ?? "malformed state")")
        }
        guard version.state.fields[RecordState.deletedField] != nil else {
            throw SyncError(.badChange, "\(version.key) has no '_deleted' field; every write re-asserts it")
        }
        do {
            var result = version
            let specs = spec.specsInByteOrder
            try version.state.fields.walk(alongside: spec.namesInByteOrder) { index, name, siblings in
                guard let index else { throw spec.unknownField(name) }
                if let canonical = try canonicalSiblings(siblings, field: specs[index], key: version.key, refusingNonNFC: refusingNonNFC) {
                    result.state.fields[name] = canonical
                }
            }
            return result
        } catch {
            for (name, siblings) in version.state.fields.sorted(by: { $0.key < $1.key }) {
                _ = try canonicalSiblings(siblings, field: try spec.requireField(name), key: version.key, refusingNonNFC: refusingNonNFC)
            }
            throw error
        }
    }

    /// Checks one field's siblings; returns their canonical form when it differs, nil when they
    /// are canonical already.
    private func canonicalSiblings(_ siblings: [Sibling], field: FieldSpec, key: RecordKey, refusingNonNFC: Bool) throws -> [Sibling]? {
        let name = field.name
        let isDeletion = name == RecordState.deletedField
        var changed: [Sibling]?
        // By position, reading each sibling's parts in place rather than copying it whole.
        for i in siblings.indices {
            let role = siblings[i].role
            guard field.allows(role) else {
                throw SyncError(.fieldNotOwned, "\(key) field '\(name)': a \(role.rawValue) node may not write it (write \(siblings[i].dot))")
            }
            if isDeletion {
                guard case .bool = siblings[i].value else { throw SyncError(.wrongType, "\(key) field '_deleted' must be true or false") }
                continue
            }
            let value: FieldValue
            do { value = try field.validate(siblings[i].value, refusingNonNFC: refusingNonNFC) } catch let error as SyncError {
                throw SyncError(error.code, "\(key): \(error.message)")
            }
            if value != siblings[i].value {
                if changed == nil { changed = siblings }
                let sibling = siblings[i]
                changed?[i] = Sibling(dot: sibling.dot, timestamp: sibling.timestamp, role: sibling.role, value: value)
            }
        }
        return changed
    }
}
