/// A record's fields: each name with its siblings, kept in the byte order of the names — the
/// order of canonical JSON (§3.4) — in two short arrays. A record has a dozen fields or so, so a
/// scan finds one faster than hashing its name, decoders append in the order they read, and two
/// states merge in one walk. Reads like a dictionary: `fields["title"]`, `for (name, siblings) in`.
public struct FieldMap: Hashable, Sendable {
    private var names: [String] = []
    private var lists: [[Sibling]] = []

    /// No fields.
    public init() {}

    /// The fields of a dictionary.
    public init(_ dictionary: [String: [Sibling]]) {
        let sorted = dictionary.sorted { utf8Precedes($0.key, $1.key) }
        names = sorted.map(\.key)
        lists = sorted.map(\.value)
    }

    public var count: Int { names.count }
    public var isEmpty: Bool { names.isEmpty }
    /// The names, in byte order.
    public var keys: [String] { names }
    /// The sibling lists, in the order of `keys`.
    public var values: [[Sibling]] { lists }

    private func index(of name: String) -> Int? {
        for i in names.indices where names[i] == name { return i }
        return nil
    }

    /// The siblings of `name`; setting nil removes the field.
    public subscript(name: String) -> [Sibling]? {
        get { index(of: name).map { lists[$0] } }
        set {
            if let i = index(of: name) {
                if let newValue { lists[i] = newValue } else { names.remove(at: i); lists.remove(at: i) }
            } else if let newValue {
                let at = names.firstIndex { utf8Precedes(name, $0) } ?? names.endIndex
                names.insert(name, at: at)
                lists.insert(newValue, at: at)
            }
        }
    }

    /// Sets `name` and returns its previous siblings (as `Dictionary.updateValue`). A name after
    /// every present one — a decoder reading canonical JSON — is appended without a search.
    @discardableResult
    public mutating func updateValue(_ siblings: [Sibling], forKey name: String) -> [Sibling]? {
        if let last = names.last, utf8Precedes(last, name) {
            names.append(name)
            lists.append(siblings)
            return nil
        }
        let previous = self[name]
        self[name] = siblings
        return previous
    }

    /// Room for `count` fields, before a decoder appends them.
    mutating func reserveCapacity(_ count: Int) {
        names.reserveCapacity(count)
        lists.reserveCapacity(count)
    }

    /// Appends a field whose name follows every present one in byte order; the caller (a decoder
    /// reading fields in that order) guarantees it.
    mutating func appendInOrder(_ name: String, _ siblings: [Sibling]) {
        assert(names.last.map { utf8Precedes($0, name) } ?? true, "fields appended out of order")
        names.append(name)
        lists.append(siblings)
    }

    /// Walks the fields beside `sortedNames` (names in byte order, as the map keeps its own):
    /// `body` gets each field with the index of its name in `sortedNames`, or nil when the name is
    /// not there. One pass over both lists instead of a look-up by name per field.
    func walk(alongside sortedNames: [String], _ body: (_ index: Int?, _ name: String, _ siblings: [Sibling]) throws -> Void) rethrows {
        var j = 0
        for i in names.indices {
            let name = names[i]
            while j < sortedNames.count && sortedNames[j] != name && utf8Precedes(sortedNames[j], name) { j += 1 }
            if j < sortedNames.count && sortedNames[j] == name {
                try body(j, name, lists[i])
                j += 1
            } else {
                try body(nil, name, lists[i])
            }
        }
    }

    /// The same names with transformed sibling lists.
    public func mapValues(_ transform: ([Sibling]) throws -> [Sibling]) rethrows -> FieldMap {
        var copy = self
        copy.lists = try lists.map(transform)
        return copy
    }

    /// Sorts each field's siblings by dot, touching only lists out of order.
    mutating func sortSiblingsByDot() {
        for i in lists.indices where !Self.isSortedByDot(lists[i]) { lists[i].sort { $0.dot < $1.dot } }
    }

    private static func isSortedByDot(_ siblings: [Sibling]) -> Bool {
        guard siblings.count > 1 else { return true }
        for i in 1..<siblings.count where !(siblings[i - 1].dot < siblings[i].dot) { return false }
        return true
    }
}

extension FieldMap: Sequence {
    public typealias Element = (key: String, value: [Sibling])

    public struct Iterator: IteratorProtocol {
        fileprivate let map: FieldMap
        fileprivate var position = 0
        public mutating func next() -> Element? {
            guard position < map.names.count else { return nil }
            defer { position += 1 }
            return (map.names[position], map.lists[position])
        }
    }

    public func makeIterator() -> Iterator { Iterator(map: self) }
    public var underestimatedCount: Int { names.count }
}

extension FieldMap: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, [Sibling])...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
