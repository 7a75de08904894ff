import Hummingbird

/// The request context of every page: Hummingbird's core context and, for a POST that passed
/// the cross-site check, its form fields.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The posted form, read and checked by `CrossSiteGuard`; empty on GET.
    var form = FormData()
    /// The files of a posted multipart form (the import page's upload); empty otherwise.
    var files: [UploadedFile] = []
    /// Who sent the request, set by `AccessGuard`; nil only on the login page and static files.
    var visitor: Visitor?

    init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
