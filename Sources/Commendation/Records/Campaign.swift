import SyncCore

/// A campaign (phong trào thi đua) as an application reads and writes it.
public struct Campaign: Sendable, Equatable {
    public enum Kind: String, Sendable { case regular, thematic, phase }

    public var id: String
    /// A province code, or `*` for a national campaign (board only).
    public var scope: String
    public var title: String
    public var slogan: String?
    public var launchingAuthority: String?
    public var kind: Kind?
    public var startsOn: CivilDate?
    public var endsOn: CivilDate?
    public var targets: [String] = []
    public internal(set) var conflictingFields: [String] = []

    public init(id: String, scope: String, title: String, kind: Kind? = nil, startsOn: CivilDate? = nil, endsOn: CivilDate? = nil) {
        self.id = id
        self.scope = scope
        self.title = title
        self.kind = kind
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    var fieldValues: [String: FieldValue] {
        [
            "title": .text(title), "slogan": .text(slogan), "launching_authority": .text(launchingAuthority),
            "kind": .text(kind?.rawValue), "starts_on": startsOn.map(FieldValue.date) ?? .null,
            "ends_on": endsOn.map(FieldValue.date) ?? .null, "targets": .textList(targets),
        ]
    }

    init?(_ record: StoredRecord, visible values: [String: FieldValue]) {
        guard let title = values["title"]?.textValue else { return nil }
        self.init(id: record.version.key.id, scope: record.version.scope, title: title,
                  kind: values["kind"]?.textValue.flatMap(Kind.init))
        slogan = values["slogan"]?.textValue
        launchingAuthority = values["launching_authority"]?.textValue
        if case .date(let d) = values["starts_on"] { startsOn = d }
        if case .date(let d) = values["ends_on"] { endsOn = d }
        if case .textList(let items) = values["targets"] { targets = items }
        conflictingFields = record.version.state.conflictingFields
    }
}
