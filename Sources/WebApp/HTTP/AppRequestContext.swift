import Hummingbird

/// The request context of every page: Hummingbird's core context and, for a POST that passed
/// the cross-site check, its form fields.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The posted form, read and checked by `CrossSiteGuard`; empty on GET.
    var form = FormData()

    init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
