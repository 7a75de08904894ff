import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends a raw HTTP request, for requests a well-behaved client never sends.
func rawRequest(_ base: URL, _ path: String, method: String = "GET", body: Data? = nil, token: String? = nil) async throws -> (status: Int, body: String) {
    var request = URLRequest(url: URL(string: path, relativeTo: base)!)
    request.httpMethod = method
    request.httpBody = body
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let (data, response) = try await URLSession.shared.data(for: request)
    return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
}
