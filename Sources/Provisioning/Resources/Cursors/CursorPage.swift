/// One page of a cursor walk (RFC 9865 §2): the rendered resources, `totalResults` over every
/// page, and the `nextCursor`, nil on the last page.
public struct CursorPage: Sendable {
    public var totalResults: Int
    public var resources: [RenderedResource]
    public var nextCursor: String?
}
