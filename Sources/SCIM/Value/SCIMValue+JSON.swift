/// Bounds on what the JSON parser accepts, so a hostile body cannot exhaust stack, memory or CPU.
public struct JSONLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects allowed; the top-level container is depth 1.
    public var maxDepth: Int
    /// The longest string (or object key) allowed, in UTF-8 bytes after unescaping.
    public var maxStringBytes: Int
    /// The most values allowed in the whole document, counting every scalar, array and object.
    public var maxElements: Int
    /// The most members allowed in one object.
    ///
    /// `SCIMObject` resolves duplicate keys by a linear scan, so building an object costs O(n²) in its
    /// member count; this bound keeps a single flat object from turning that into a CPU exhaustion attack.
    public var maxObjectMembers: Int

    /// Creates limits; the defaults suit SCIM request bodies.
    public init(
        maxDepth: Int = 64, maxStringBytes: Int = 1_000_000, maxElements: Int = 1_000_000,
        maxObjectMembers: Int = 1_000
    ) {
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxElements = maxElements
        self.maxObjectMembers = maxObjectMembers
    }

    /// The limits used when none are given.
    public static let `default` = JSONLimits()
}

extension SCIMValue {
    /// Parses strict RFC 8259 JSON from UTF-8 bytes, throwing `invalidSyntax` on malformed or over-limit input.
    public init(parsing bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws(SCIMError) {
        // Closures passed to the stdlib's buffer accessors throw untyped errors, so carry the typed one in a Result.
        let contiguous: Result<SCIMValue, SCIMError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(SCIMError) -> SCIMValue in
                var parser = JSONParser(bytes: buffer, limits: limits)
                return try parser.parseDocument()
            }
        }
        if let contiguous {
            self = try contiguous.get()
            return
        }
        let copy = Array(bytes)
        let result = copy.withUnsafeBufferPointer { buffer in
            Result { () throws(SCIMError) -> SCIMValue in
                var parser = JSONParser(bytes: buffer, limits: limits)
                return try parser.parseDocument()
            }
        }
        self = try result.get()
    }

    /// Parses strict RFC 8259 JSON from a string, throwing `invalidSyntax` on malformed or over-limit input.
    public init(parsing string: String, limits: JSONLimits = .default) throws(SCIMError) {
        var string = string
        // withUTF8 gives the native storage directly, making it contiguous first only for bridged strings.
        let result = string.withUTF8 { buffer in
            Result { () throws(SCIMError) -> SCIMValue in
                var parser = JSONParser(bytes: buffer, limits: limits)
                return try parser.parseDocument()
            }
        }
        self = try result.get()
    }

    /// Compact JSON as UTF-8 bytes, with object members in `SCIMObject` order.
    public func serialized() -> [UInt8] {
        serialized(pretty: false)
    }

    /// JSON as UTF-8 bytes, compact or indented by two spaces per level.
    public func serialized(pretty: Bool) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.output
    }

    /// Compact JSON as a string.
    public var jsonString: String {
        String(decoding: serialized(), as: UTF8.self)
    }
}
