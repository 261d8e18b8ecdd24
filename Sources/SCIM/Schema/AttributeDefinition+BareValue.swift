extension AttributeDefinition {
    /// True for a complex attribute with a `value` sub-attribute (`manager`), which Entra ID sends
    /// as its bare value: `"manager": "26118915-…"` instead of `{"value": "26118915-…"}`.
    public var takesBareValue: Bool { isComplex && subAttribute(named: "value") != nil }

    /// The complex value a bare string stands for, `{"value": text}`; nil for "", which clears the
    /// attribute (RFC 7643 §2.4: an empty `value` identifies nothing), or when the attribute takes
    /// no bare value. The one reading of the shorthand, for PATCH values and validation alike.
    public func complexValue(fromBare text: String) -> SCIMObject? {
        guard takesBareValue, !text.isEmpty else { return nil }
        return SCIMObject([.init(key: "value", value: .string(text))])
    }
}
