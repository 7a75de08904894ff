import Foundation

/// JSON encoding and decoding with the project's conventions and errors.
public enum WireJSON {
    /// Encodes with sorted keys and no escaped slashes: the same value always gives the same bytes.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Decodes `T`, turning any failure into a `malformed_json` error that names where and what.
    /// The bytes are first checked whole by the strict reader (protocol.md §3.6: UTF-8, integers
    /// only, even in members `T` does not read), so every body follows the same rules.
    /// A `SyncError` thrown by a nested decoder (an invalid node id, say) is passed through.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try data.withUnsafeBytes { raw in
            var reader = JSONReader(raw.bindMemory(to: UInt8.self))
            try reader.skipValue()
            try reader.finish()
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as SyncError {
            throw error
        } catch let error as DecodingError {
            throw SyncError(.malformedJSON, describe(error))
        } catch {
            throw SyncError(.malformedJSON, "the body is not valid JSON: \(error)")
        }
    }

    /// A one-line description of a decoding failure with its JSON path.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .typeMismatch(let type, let ctx): return "at \(path(ctx.codingPath)): expected \(type); \(ctx.debugDescription)"
        case .valueNotFound(let type, let ctx): return "at \(path(ctx.codingPath)): missing \(type)"
        case .keyNotFound(let key, let ctx): return "at \(path(ctx.codingPath)): missing key '\(key.stringValue)'"
        case .dataCorrupted(let ctx): return "at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
