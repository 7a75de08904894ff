import Foundation
import MultipartKit
import NIOCore

/// One file of a posted multipart form: its field, the name the browser gave it, its bytes.
struct UploadedFile: Sendable {
    let field: String
    let filename: String
    let data: Data
}

/// A `multipart/form-data` body split by MultipartKit's parser into its text fields and its
/// files (a part with a `filename` is a file; a file input left empty sends none).
struct MultipartForm: Sendable {
    var fields = FormData()
    var files: [UploadedFile] = []

    init() {}

    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(ofContentType type: String) -> String? {
        let parts = type.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty || value.count > 200 ? nil : value
        }
        return nil
    }

    /// Parses `body`; throws when it is not multipart data with `boundary`.
    init(body: ByteBuffer, boundary: String) throws {
        let collector = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in collector.body.writeBuffer(&chunk) }
        parser.onPartComplete = { collector.complete() }
        try parser.execute(body)
        fields = FormData(pairs: collector.fields)
        files = collector.files
    }

    /// Gathers the parts as the parser reports them.
    private final class Collector {
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        var fields: [(name: String, value: String)] = []
        var files: [UploadedFile] = []

        func complete() {
            defer { headers = []; body = ByteBuffer() }
            guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1 else { return }
            let parameters = MultipartForm.parameters(of: disposition)
            guard let name = parameters["name"] else { return }
            if let filename = parameters["filename"] {
                if !filename.isEmpty || body.readableBytes > 0 {
                    files.append(UploadedFile(field: name, filename: filename, data: Data(body.readableBytesView)))
                }
            } else {
                fields.append((name, String(decoding: body.readableBytesView, as: UTF8.self)))
            }
        }
    }

    /// The `key=value` parameters of a header such as `form-data; name="file"; filename="a;b.xlsx"`,
    /// keys in lower case, quoted values unquoted (a `;` inside quotes stays in the value).
    static func parameters(of header: String) -> [String: String] {
        var result: [String: String] = [:], key = "", value = "", inKey = true, quoted = false, escaped = false
        func finish() {
            let name = key.trimmingCharacters(in: .whitespaces).lowercased()
            if !name.isEmpty, !inKey, result[name] == nil { result[name] = value }
            key = ""; value = ""; inKey = true
        }
        for character in header {
            if quoted {
                if escaped { value.append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == "\"" { quoted = false }
                else { value.append(character) }
            } else if character == ";" {
                finish()
            } else if inKey {
                if character == "=" { inKey = false } else { key.append(character) }
            } else if character == "\"" && value.isEmpty {
                quoted = true
            } else if !(character == " " && value.isEmpty) {
                value.append(character)
            }
        }
        finish()
        return result
    }
}
