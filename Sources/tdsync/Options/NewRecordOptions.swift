import ArgumentParser

/// The options of every `add` command: where the record goes, its id, and how it prints.
struct NewRecordOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The scope the record belongs to: a province code, or * for national data (board). Default: the node's scope when it has only one.", valueName: "code"))
    var scope: String?

    @Option(help: ArgumentHelp("The record id (default: a new UUID).", valueName: "id"))
    var id: String?

    @Flag(help: "Print the created record as JSON instead of its id.")
    var json = false
}

/// The options of every `list` command.
struct ListOptions: ParsableArguments {
    @Flag(help: "Print a JSON array of {id, scope, values, conflicts, deleted} objects.")
    var json = false

    @Flag(help: "Include deleted records.")
    var includeDeleted = false
}
