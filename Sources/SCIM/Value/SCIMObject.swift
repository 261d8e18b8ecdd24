/// A JSON object whose keys keep their spelling and order but are looked up case-insensitively.
///
/// SCIM resources are small objects, so a linear scan beats hashing folded keys.
public struct SCIMObject: Sendable, Hashable, Sequence {
    /// One member of the object.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: SCIMValue
        public init(key: String, value: SCIMValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in insertion order.
    public private(set) var entries: [Entry]

    public init() { entries = [] }

    /// Builds an object; a later duplicate key (in any case) replaces the earlier one.
    public init(_ entries: [Entry]) {
        self.entries = []
        self.entries.reserveCapacity(entries.count)
        for e in entries { self[e.key] = e.value }
    }

    /// Wraps entries whose keys are already known to be distinct case-insensitively.
    init(uniqueEntries: [Entry]) { self.entries = uniqueEntries }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// The index of `key`, compared case-insensitively.
    public func index(of key: String) -> Int? {
        entries.firstIndex { attributeNamesEqual($0.key, key) }
    }

    /// Reads or writes a member; assigning `nil` removes it. A write keeps the existing spelling of the key.
    public subscript(key: String) -> SCIMValue? {
        get {
            for e in entries where attributeNamesEqual(e.key, key) { return e.value }
            return nil
        }
        set {
            if let i = index(of: key) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// Sets a member and renames its key to `key`'s spelling.
    public mutating func set(_ key: String, _ value: SCIMValue) {
        if let i = index(of: key) {
            entries[i] = Entry(key: key, value: value)
        } else {
            entries.append(Entry(key: key, value: value))
        }
    }

    /// Removes a member and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> SCIMValue? {
        guard let i = index(of: key) else { return nil }
        return entries.remove(at: i).value
    }

    /// Keeps only the members for which `keep` returns true.
    public mutating func filter(_ keep: (Entry) -> Bool) {
        entries.removeAll { !keep($0) }
    }

    // Equality ignores member order and key case, as JSON objects and SCIM do.
    public static func == (lhs: SCIMObject, rhs: SCIMObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for e in lhs.entries {
            guard let other = rhs[e.key], other == e.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        var combined = 0
        for e in entries {
            var h = Hasher()
            h.combine(e.key.lowercased())
            h.combine(e.value)
            combined ^= h.finalize()
        }
        hasher.combine(combined)
    }
}
