import SCIM

/// A query over one resource type (RFC 7644 §3.4.2): filter, sort and 1-based index paging, or
/// keyset paging for cursors (RFC 9865).
public struct ResourceQuery: Sendable {
    /// How a page is found.
    public enum Paging: Sendable, Hashable {
        /// `startIndex` (RFC 7644 §3.4.2.4).
        case index
        /// The first page of a keyset walk (an empty RFC 9865 cursor).
        case firstKeyset
        /// The page after `KeysetPosition`: an indexed seek, never an OFFSET.
        case after(KeysetPosition)
    }

    public var filter: Filter?
    public var sortBy: AttributePath?
    public var descending: Bool
    public var startIndex: Int
    public var count: Int
    public var paging: Paging = .index

    public init(filter: Filter? = nil, sortBy: AttributePath? = nil, descending: Bool = false, startIndex: Int = 1, count: Int = 100) {
        self.filter = filter
        self.sortBy = sortBy
        self.descending = descending
        self.startIndex = startIndex
        self.count = count
    }
}
