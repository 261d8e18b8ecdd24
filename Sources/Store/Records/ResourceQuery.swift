import SCIM

/// A query over one resource type (RFC 7644 §3.4.2): filter, sort and 1-based index paging.
public struct ResourceQuery: Sendable {
    public var filter: Filter?
    public var sortBy: AttributePath?
    public var descending: Bool
    public var startIndex: Int
    public var count: Int

    public init(filter: Filter? = nil, sortBy: AttributePath? = nil, descending: Bool = false, startIndex: Int = 1, count: Int = 100) {
        self.filter = filter
        self.sortBy = sortBy
        self.descending = descending
        self.startIndex = startIndex
        self.count = count
    }
}
