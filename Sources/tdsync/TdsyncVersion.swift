/// The release's version, as `tdsync --version` prints it. It equals the `VERSION` file at the
/// package root, which names the Debian package (a test checks that the two agree).
enum TdsyncVersion {
    static let current = "0.1.0"
}
