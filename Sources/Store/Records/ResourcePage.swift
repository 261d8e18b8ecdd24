/// One page of a query.
public struct ResourcePage: Sendable {
    public var totalResults: Int
    public var records: [ResourceRecord]
}
