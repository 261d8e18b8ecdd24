/// Values the store indexes for lookups and uniqueness, derived from a resource body.
public struct IndexKeys: Sendable, Hashable {
    /// Folded userName (User) or displayName (Group): unique per tenant and type.
    public var nameKey: String
    /// Folded displayName.
    public var displayKey: String?
    public var externalID: String?
    /// Folded values of indexed multi-valued sub-attributes, e.g. ("emails.value", "a@b.c").
    public var values: [IndexedValue]

    public init(nameKey: String, displayKey: String?, externalID: String?, values: [IndexedValue]) {
        self.nameKey = nameKey
        self.displayKey = displayKey
        self.externalID = externalID
        self.values = values
    }
}
