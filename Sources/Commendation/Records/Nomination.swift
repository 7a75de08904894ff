import SyncCore

/// A nomination (đề nghị khen thưởng) as an application reads and writes it: the visible values
/// of the record's fields. A nomination proposes an emulation title (`titleCode`) or an award
/// form (`awardFormCode`), never both.
public struct Nomination: Sendable, Equatable {
    public enum NomineeKind: String, Sendable { case individual, collective }
    public enum Status: String, Sendable { case draft, submitted, withdrawn }
    public enum BoardStatus: String, Sendable { case received, underReview = "under_review", returned, approved, rejected }

    public var id: String
    /// The province code the nomination belongs to (fixed once created).
    public var scope: String
    public var nomineeName: String
    public var nomineeKind: NomineeKind
    public var year: Int
    public var titleCode: String?
    public var awardFormCode: String?
    public var unitID: String?
    public var campaignID: String?
    public var achievements: String?
    public var status: Status
    // Board-owned decision fields: only a board node may change them.
    public var boardStatus: BoardStatus?
    public var decisionNumber: String?
    public var decisionDate: CivilDate?
    public var decisionAuthority: String?
    public var boardReason: String?
    /// Fields with open conflicts (read only; resolve them through the replica).
    public internal(set) var conflictingFields: [String] = []

    public init(id: String, scope: String, nomineeName: String, nomineeKind: NomineeKind, year: Int,
                titleCode: String? = nil, awardFormCode: String? = nil, status: Status = .draft) {
        self.id = id
        self.scope = scope
        self.nomineeName = nomineeName
        self.nomineeKind = nomineeKind
        self.year = year
        self.titleCode = titleCode
        self.awardFormCode = awardFormCode
        self.status = status
    }

    /// The field values this nomination writes.
    var fieldValues: [String: FieldValue] {
        [
            "nominee_name": .text(nomineeName), "nominee_kind": .text(nomineeKind.rawValue), "year": .integer(Int64(year)),
            "title_code": .text(titleCode), "award_form_code": .text(awardFormCode), "unit_id": .text(unitID),
            "campaign_id": .text(campaignID), "achievements": .text(achievements), "status": .text(status.rawValue),
            "board_status": .text(boardStatus?.rawValue), "decision_number": .text(decisionNumber),
            "decision_date": decisionDate.map(FieldValue.date) ?? .null, "decision_authority": .text(decisionAuthority),
            "board_reason": .text(boardReason),
        ]
    }

    /// Reads a nomination from its stored record; nil if a required value is missing or malformed.
    init?(_ record: StoredRecord, visible values: [String: FieldValue]) {
        guard let name = values["nominee_name"]?.textValue, let kind = values["nominee_kind"]?.textValue.flatMap(NomineeKind.init),
              case .integer(let year) = values["year"] else { return nil }
        self.init(id: record.version.key.id, scope: record.version.scope, nomineeName: name, nomineeKind: kind, year: Int(year),
                  titleCode: values["title_code"]?.textValue, awardFormCode: values["award_form_code"]?.textValue,
                  status: values["status"]?.textValue.flatMap(Status.init) ?? .draft)
        unitID = values["unit_id"]?.textValue
        campaignID = values["campaign_id"]?.textValue
        achievements = values["achievements"]?.textValue
        boardStatus = values["board_status"]?.textValue.flatMap(BoardStatus.init)
        decisionNumber = values["decision_number"]?.textValue
        if case .date(let date) = values["decision_date"] { decisionDate = date }
        decisionAuthority = values["decision_authority"]?.textValue
        boardReason = values["board_reason"]?.textValue
        conflictingFields = record.version.state.conflictingFields
    }
}
