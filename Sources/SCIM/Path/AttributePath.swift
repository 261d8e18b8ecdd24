/// A parsed attribute path (RFC 7644 §3.10 and the PATCH `path` of §3.5.2):
/// `[schemaURN:]name[valueFilter][.subAttribute]`.
///
/// Parsed once at the edge; nothing further in only ever sees raw path strings.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN the path was qualified with, as written (e.g. the Enterprise User URN).
    public var schema: String?
    /// The top-level attribute name, as written.
    public var name: String
    /// A value-selection filter (`emails[type eq "work"]`); only PATCH paths carry one.
    public var valueFilter: Filter?
    /// The sub-attribute after the dot, as written.
    public var subAttribute: String?

    public init(schema: String? = nil, name: String, valueFilter: Filter? = nil, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.valueFilter = valueFilter
        self.subAttribute = subAttribute
    }

    /// The path without its schema URN and filter, e.g. `emails.value`.
    public var dottedName: String {
        subAttribute.map { "\(name).\($0)" } ?? name
    }

    public var description: String {
        var s = schema.map { "\($0):" } ?? ""
        s += name
        if let valueFilter { s += "[\(valueFilter)]" }
        if let subAttribute { s += ".\(subAttribute)" }
        return s
    }
}
