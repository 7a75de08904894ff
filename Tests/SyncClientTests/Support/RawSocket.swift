import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What came back for one raw request: the status (nil when the hub closed the connection
/// without answering), the headers (lower-cased names) and the body; without a status, `failure`
/// says what the socket saw (a refused connect, a reset, a timeout, or an end of stream).
struct RawAnswer: Sendable {
    let status: Int?
    let headers: [String: String]
    let body: Data
    var failure: String? = nil

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Sends exact bytes to a loopback port over a fresh connection and reads the whole answer, for
/// requests no HTTP library would send (broken framing, invalid UTF-8, NUL bytes). The blocking
/// socket work runs on its own thread so it never holds a thread of Swift's cooperative pool.
enum RawSocket {
    /// `timeout` bounds each read and write; the whole suite runs beside this, so it is generous.
    static func send(_ request: [UInt8], port: Int, timeout: TimeInterval = 60) async -> RawAnswer {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: exchange(request, port: port, timeout: timeout)) }
        }
    }

    /// Builds an HTTP/1.1 request with `Connection: close` and a correct Content-Length.
    static func request(_ method: String, _ target: String, token: String?, body: [UInt8]? = nil,
                        headers: [(String, String)] = []) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        return Array(head.utf8) + Array("\r\n".utf8) + (body ?? [])
    }

    private static func exchange(_ request: [UInt8], port: Int, timeout: TimeInterval) -> RawAnswer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var wait = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return RawAnswer(status: nil, headers: [:], body: Data(), failure: "connect: \(String(cString: strerror(errno)))") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }   // the hub may answer (413) and close before reading everything
            sent += n
        }
        shutdown(fd, Int32(SHUT_WR))
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var ending = "end of stream"
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { ending = "read: \(String(cString: strerror(errno)))" }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        var answer = parse(received)
        if answer.status == nil { answer.failure = "\(ending) after sending \(sent) of \(request.count) bytes, \(received.count) received" }
        return answer
    }

    /// Parses a status line, headers, and a Content-Length or chunked body.
    static func parse(_ bytes: [UInt8]) -> RawAnswer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.firstRange(of: separator) else { return RawAnswer(status: nil, headers: [:], body: Data()) }
        let head = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head.first?.split(separator: " ") ?? []
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return RawAnswer(status: statusParts.count > 1 ? Int(statusParts[1]) : nil, headers: headers, body: Data(body))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], index = 0
        while let lineEnd = bytes[index...].firstRange(of: [13, 10]) {
            let sizeText = String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { break }
            out += bytes[start..<start + size]
            index = start + size + 2
            guard index < bytes.count else { break }
        }
        return out
    }
}
