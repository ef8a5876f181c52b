/// A Python `dict`: key/value pairs in insertion order.
///
/// Keys follow Python's rules: setting an existing key replaces its value in place, and
/// `True`, `1` and `1.0` are the same key. Two dictionaries are equal when they hold the same
/// pairs in the same order.
public struct PickleDictionary: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One key/value pair.
    public struct Entry: Hashable, Sendable {
        public var key: PickleValue
        public var value: PickleValue

        public init(key: PickleValue, value: PickleValue) {
            self.key = key
            self.value = value
        }
    }

    /// The pairs in insertion order.
    public private(set) var entries: [Entry] = []
    private var positions: [PickleValue: Int] = [:]

    public init() {}

    public init(dictionaryLiteral elements: (PickleValue, PickleValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    /// Builds a dictionary from string keys, in the given order.
    public init(_ pairs: [(String, PickleValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [PickleValue] { entries.map(\.key) }

    /// The value for `key`; assigning `nil` removes the pair, assigning a value replaces an
    /// existing pair in place or appends a new one.
    public subscript(key: PickleValue) -> PickleValue? {
        get {
            guard let position = positions[key.pythonKeyIdentity] else { return nil }
            return entries[position].value
        }
        set {
            let identity = key.pythonKeyIdentity
            if let position = positions[identity] {
                if let newValue {
                    entries[position].value = newValue
                } else {
                    entries.remove(at: position)
                    positions[identity] = nil
                    for index in position..<entries.count {
                        positions[entries[index].key.pythonKeyIdentity] = index
                    }
                }
            } else if let newValue {
                positions[identity] = entries.count
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// The value for a string key.
    public subscript(key: String) -> PickleValue? {
        get { self[.string(key)] }
        set { self[.string(key)] = newValue }
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    public static func == (lhs: PickleDictionary, rhs: PickleDictionary) -> Bool {
        lhs.entries == rhs.entries
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
    }
}
