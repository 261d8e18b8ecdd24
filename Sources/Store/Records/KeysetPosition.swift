/// Where a keyset page starts (cursor paging, RFC 9865 §2): after the row with this `seq`, and,
/// for a sorted query, this sort key. `seq` only grows, so a walk in `seq` order never skips or
/// repeats a row that exists for the whole walk, whatever is created or deleted between pages.
public struct KeysetPosition: Sendable, Hashable {
    /// The `seq` of the last row of the previous page.
    public var seq: Int64
    /// That row's sort key as SQLite returned it (`.null` when it has none); nil for a query in
    /// creation order.
    public var sortKey: SQLValue?

    public init(seq: Int64, sortKey: SQLValue? = nil) {
        self.seq = seq
        self.sortKey = sortKey
    }
}
