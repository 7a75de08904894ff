import Foundation
import Hummingbird

/// `GET /login` (the login form), `POST /login` (a name and password from the users file: a
/// session cookie, then the first page) and `POST /logout`. With the launch secret instead of
/// logins, `/login` only says to open the printed address.
struct LoginRoutes {
    let workspace: Workspace

    /// What the login page shows: the name typed and why it was refused.
    struct Page {
        let title = "Đăng nhập"
        let user: String
        let error: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/login") { _, _ in
            guard case .login = workspace.access.kind else { return Refusal.response(.notFound, Refusal.noAccess) }
            return workspace.pages.html("login", Page(user: "", error: nil))
        }
        router.post("/login") { request, context in try await logIn(request, context.form) }
        router.post("/logout") { request, context in
            guard case .login(_, let sessions) = workspace.access.kind, let visitor = context.visitor else { return Response.redirect(to: "/", type: .normal) }
            await sessions.end(visitor.session)
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(workspace.access.cookie(request.head.authority ?? "", value: "", maxAge: 0))
            return response
        }
    }

    func logIn(_ request: Request, _ form: FormData) async throws -> Response {
        guard case .login(let users, let sessions) = workspace.access.kind else { return Refusal.response(.notFound, Refusal.noAccess) }
        let name = form.text("user") ?? "", password = form["password"] ?? ""
        guard await sessions.mayTry(name) else {
            return workspace.pages.html("login", Page(user: name, error: "Đã nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau một phút."), status: .tooManyRequests)
        }
        guard await users.verify(name, password: password) else {
            await sessions.failed(name)
            return workspace.pages.html("login", Page(user: name, error: "Tên đăng nhập hoặc mật khẩu không đúng."), status: .unauthorized)
        }
        let visitor = await sessions.start(name)
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(workspace.access.cookie(request.head.authority ?? "", value: visitor.session))
        return response
    }
}
