import Commendation
import Foundation
import SyncCore

/// What every route works with: the node's replica, the templates, how people get in, and
/// the sync runner. Routes read and write the replica through the domain library, as the CLI
/// does; nothing here decides what a write may be.
struct Workspace: Sendable {
    let replica: Replica
    let pages: Pages
    let access: Access
    let sync: SyncRunner

    var chrome: Chrome { Chrome(replica: replica) }

    /// The names the pages show for catalog codes, units and campaigns, read from the replica.
    func names() throws -> Names {
        let catalog = try replica.rows(TableQuery("award_types", orderedBy: [.ascending("name")]))
        let units = try replica.rows(TableQuery("units", orderedBy: [.ascending("name")]))
        return Names(
            titles: catalog.filter { AwardCategory.titles.contains($0["category"].textValue ?? "") }.map { ($0.id, $0["name"].textValue ?? $0.id) },
            awardForms: catalog.filter { AwardCategory.awardForms.contains($0["category"].textValue ?? "") }.map { ($0.id, $0["name"].textValue ?? $0.id) },
            units: units.map { ($0.id, $0["name"].textValue ?? $0.id) },
            campaigns: try replica.campaigns().map { ($0.id, $0.title) })
    }
}

/// Codes and ids with the names people know them by.
struct Names: Sendable {
    let titles, awardForms, units, campaigns: [(id: String, name: String)]

    func award(_ code: String?) -> String? {
        guard let code else { return nil }
        return (titles + awardForms).first { $0.id == code }.map { "\($0.name) (\(code))" } ?? code
    }

    func unit(_ id: String?) -> String? { id.map { id in units.first { $0.id == id }?.name ?? id } }
    func campaign(_ id: String?) -> String? { id.map { id in campaigns.first { $0.id == id }?.name ?? id } }

    /// Options labelled by name alone, with an empty first choice.
    static func plainOptions(_ entries: [(id: String, name: String)], selected: String?, empty: String) -> [Option] {
        [Option(value: "", label: empty, selected: selected == nil)] + entries.map { Option(value: $0.id, label: $0.name, selected: $0.id == selected) }
    }

    /// Options for a select over `entries`, with an empty first choice.
    static func options(_ entries: [(id: String, name: String)], selected: String?, empty: String = "—") -> [Option] {
        var options = [Option(value: "", label: empty, selected: selected == nil || selected == "")]
            + entries.map { Option(value: $0.id, label: "\($0.name) (\($0.id))", selected: $0.id == selected) }
        // A value the lists do not hold (a unit this replica has no record of) stays choosable.
        if let selected, !selected.isEmpty, !entries.contains(where: { $0.id == selected }) {
            options.append(Option(value: selected, label: selected, selected: true))
        }
        return options
    }
}

/// Which field of a form an engine refusal concerns, found from its message.
enum FieldErrors {
    /// The form field whose needles appear earliest in `message`; nil when none does (the
    /// message is then shown at the top of the form).
    static func locate(_ message: String, among candidates: [(field: String, needles: [String])]) -> String? {
        var best: (field: String, at: String.Index)?
        for candidate in candidates {
            for needle in candidate.needles {
                guard let range = message.range(of: needle) else { continue }
                if best == nil || range.lowerBound < best!.at { best = (candidate.field, range.lowerBound) }
            }
        }
        return best?.field
    }

    /// The message a page shows for an error of the engine (its own words), or of anything else.
    static func message(_ error: any Error) -> String {
        SyncError.messageWithCode(error)
    }
}
