/// What the attribute paths in a filter are relative to.
public enum FilterScope: Sendable {
    /// Paths name top-level attributes of a resource (optionally URN-qualified).
    case resource(ResourceSchema)
    /// Paths name sub-attributes of one element of this complex attribute (value filters).
    case complex(AttributeDefinition)
}
