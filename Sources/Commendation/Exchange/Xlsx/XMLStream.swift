import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SyncCore

/// What a workbook part's reader does with the parser's events; element names come without
/// their namespace prefix (`x:row` is `row`).
protocol XMLPartHandler: AnyObject {
    func start(_ name: String, attributes: [String: String]) throws
    func end(_ name: String) throws
    func text(_ string: String)
}

/// Foundation's streaming XMLParser over one part of a workbook: events go to a handler as they
/// are read (no tree is built), an error the handler throws stops the parse, and a part that is
/// not well-formed XML is refused naming the part and the line.
final class XMLStream: NSObject, XMLParserDelegate {
    private let handler: any XMLPartHandler
    private var failure: (any Error)?

    private init(handler: any XMLPartHandler) { self.handler = handler }

    /// Parses the part in file `url` (read in small pieces).
    static func parse(file url: URL, part: String, handler: any XMLPartHandler) throws {
        guard let stream = InputStream(url: url) else {
            throw SyncError(.storageFailure, "cannot read back the temporary copy of the workbook part \(part)")
        }
        try run(XMLParser(stream: stream), part: part, handler: handler)
    }

    /// Parses the part held in `data`.
    static func parse(data: Data, part: String, handler: any XMLPartHandler) throws {
        try run(XMLParser(data: data), part: part, handler: handler)
    }

    private static func run(_ parser: XMLParser, part: String, handler: any XMLPartHandler) throws {
        let events = XMLStream(handler: handler)
        parser.delegate = events
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure = events.failure { throw failure }
        if !ok {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML"
            throw SyncError(.badRequest, "the workbook part \(part) is not well-formed XML (line \(parser.lineNumber)): \(reason)")
        }
    }

    private static func local(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private func fail(_ parser: XMLParser, _ error: any Error) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard failure == nil else { return }
        do { try handler.start(Self.local(elementName), attributes: attributeDict) } catch { fail(parser, error) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil else { return }
        do { try handler.end(Self.local(elementName)) } catch { fail(parser, error) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if failure == nil { handler.text(string) }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if failure == nil { handler.text(whitespaceString) }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, SyncError(.badRequest, "the workbook declares an XML entity (\(name.prefix(40))); no .xlsx part has one, and tdsync refuses it"))
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, SyncError(.badRequest, "the workbook declares an external XML entity (\(name.prefix(40))); no .xlsx part has one, and tdsync refuses it"))
    }
}

/// Attribute lookups by local name (`r:id` is found as `id` with a prefix).
extension Dictionary where Key == String, Value == String {
    /// The value of the attribute whose name, without its prefix, is `name` and which has a prefix.
    func prefixed(_ name: String) -> String? {
        first { $0.key.hasSuffix(":" + name) }?.value
    }
}

/// OOXML's escapes for characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_`
/// an underscore that would otherwise start an escape.
enum OOXMLText {
    /// `text` with every `_xHHHH_` turned back into its character.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(scalars[i + 2...i + 5])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// `text` escaped for an element's content: `& < >`, characters XML 1.0 cannot hold (and a
    /// carriage return, which XML reads as a line feed) as `_xHHHH_`, and an `_x` that would read as an escape protected with `_x005F_`.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case "_" where i + 6 < scalars.count && scalars[i + 1] == "x" && scalars[i + 6] == "_"
                && scalars[i + 2...i + 5].allSatisfy({ $0.properties.isASCIIHexDigit }):
                out += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "_x" + String(repeating: "0", count: 4 - hex.count) + hex + "_"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
