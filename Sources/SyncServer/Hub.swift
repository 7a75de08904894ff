import SyncCore

/// The hub: the HTTP server that nodes push to and pull from.
///
/// Not built yet: the hub (handshake, push, pull with long-poll, node registry, write rules) is the
/// next piece of work. Until then nodes exchange replica files with `FileExchange` (SyncClient),
/// and this target holds only what the hub will be built on.
public enum Hub {
    /// The schema version a hub built from this source serves.
    public static let schemaVersion = Schema.current.version
}
