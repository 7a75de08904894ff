extension Replica {
    /// The award catalog and eligibility rules every replica and every hub store is seeded with:
    /// identical versions everywhere, so seeding never conflicts.
    public static var seedVersions: [RecordVersion] { CatalogSeed.versions() }
}
