/// A JSON value as SCIM sees it: object keys compare case-insensitively (RFC 7643 §2.1).
public enum SCIMValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Double)
    case string(String)
    case array([SCIMValue])
    case object(SCIMObject)
}

extension SCIMValue {
    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object payload, if this is an object.
    public var objectValue: SCIMObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array payload, if this is an array.
    public var arrayValue: [SCIMValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The boolean payload, if this is a boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// True for `null`, an empty array, and an empty object: RFC 7643 §2.5 treats these as unassigned.
    public var isUnassigned: Bool {
        switch self {
        case .null: return true
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        default: return false
        }
    }

    /// Member access for objects; `nil` for anything else.
    public subscript(key: String) -> SCIMValue? {
        objectValue?[key]
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer: return "integer"
        case .decimal: return "decimal"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension SCIMValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .decimal(value) }
    public init(arrayLiteral elements: SCIMValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, SCIMValue)...) {
        self = .object(SCIMObject(elements.map { SCIMObject.Entry(key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

/// Compares attribute names the way SCIM does: ASCII case-insensitively, without allocating.
/// The hottest function of a request (validation, projection and case-insensitive object keys
/// call it hundreds of times): it compares the UTF-8 bytes in place rather than through two
/// iterators (docs/performance.md, callgrind).
@inlinable
public func attributeNamesEqual(_ a: String, _ b: String) -> Bool {
    // ASCII case folding keeps byte lengths, so different lengths can never match.
    if a.utf8.count != b.utf8.count { return false }
    let inPlace = a.utf8.withContiguousStorageIfAvailable { x in
        b.utf8.withContiguousStorageIfAvailable { y in asciiCaseInsensitiveEqual(x, y) }
    }
    if let inPlace, let equal = inPlace { return equal }
    var ai = a.utf8.makeIterator()
    var bi = b.utf8.makeIterator()
    while true {
        let x = ai.next()
        let y = bi.next()
        guard let cx = x, let cy = y else { return x == nil && y == nil }
        if cx == cy { continue }
        let lx = (cx >= 65 && cx <= 90) ? cx + 32 : cx
        let ly = (cy >= 65 && cy <= 90) ? cy + 32 : cy
        if lx != ly { return false }
    }
}

/// Equal-length byte runs equal but for the case of ASCII letters.
@usableFromInline
func asciiCaseInsensitiveEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<a.count {
        let x = a[i]
        let y = b[i]
        if x == y { continue }
        // Only a letter and its other case differ in bit 0x20 alone and fold to a...z.
        let folded = x | 0x20
        if folded != y | 0x20 || folded < 0x61 || folded > 0x7A { return false }
    }
    return true
}
