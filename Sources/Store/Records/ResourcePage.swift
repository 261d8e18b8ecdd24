/// One page of a query.
public struct ResourcePage: Sendable {
    public var totalResults: Int
    public var records: [ResourceRecord]
    /// Keyset paging: where the next page starts, nil on the last page (RFC 9865 §2: no
    /// `nextCursor` then). Always nil for index paging.
    public var next: KeysetPosition? = nil
}
