/// One indexed value of a multi-valued attribute.
public struct IndexedValue: Sendable, Hashable {
    public var attribute: String
    public var key: String
    public init(attribute: String, key: String) {
        self.attribute = attribute
        self.key = key
    }
}
