import Crypto
import SCIM
import Store

extension ResourceService {
    /// GET or POST /.search with `cursor` (RFC 9865): an empty cursor starts a walk in the
    /// query's order (creation order unless `sortBy`), and each page's `nextCursor` continues it
    /// with a keyset seek, so no resource that exists for the whole walk is skipped or repeated
    /// while others are created or deleted between pages.
    public func cursorPage(_ kind: ResourceKind, _ search: SearchRequest, info: RequestInfo, options: RenderOptions = .all)
        async throws -> CursorPage
    {
        // RFC 9865 §4 maxPageSize: a larger count is served maxResults at a time (RFC 9865 §2
        // Table 1: the provider MAY return fewer results than asked for).
        let count = min(max(0, search.count), maxResults)
        let queryHash = PageCursor.queryHash(search)
        let now = clock.nowMs()
        var query = ResourceQuery(filter: search.filter, sortBy: search.sortBy, descending: search.descending, count: count)
        query.paging = .firstKeyset
        do {
            let key = try await cursors.key()
            if let text = search.cursor, !text.isEmpty {
                let cursor = try opened(text, kind: kind, queryHash: queryHash, count: count, key: key, info: info, nowMs: now)
                query.paging = .after(cursor.position)
            }
            return try await store.read { [query] tx in
                let page = try await tx.query(tenantID: info.tenant.id, type: kind.rawValue, query, schema: schema(kind))
                var resources: [RenderedResource] = []
                resources.reserveCapacity(page.records.count)
                for record in page.records {
                    resources.append(try await render(record, kind: kind, tx: tx, info: info, options: options))
                }
                let next = page.next.map {
                    CursorCodec.encode(
                        PageCursor(
                            tenantID: info.tenant.id, type: kind.rawValue, queryHash: queryHash, count: count, issuedMs: now,
                            position: $0), key: key)
                }
                return CursorPage(totalResults: page.totalResults, resources: resources, nextCursor: next)
            }
        } catch {
            throw SCIMError.from(error, resourceType: kind.rawValue)
        }
    }

    /// The cursor `text` names, checked against this request (RFC 9865 §2.1).
    private func opened(
        _ text: String, kind: ResourceKind, queryHash: [UInt8], count: Int, key: SymmetricKey, info: RequestInfo,
        nowMs: Int64
    ) throws(SCIMError) -> PageCursor {
        // RFC 9865 §5.2: a forged cursor and another tenant's get the same answer, which tells
        // nothing about the other tenant.
        guard let cursor = CursorCodec.decode(text, key: key), cursor.tenantID == info.tenant.id else {
            throw .invalidCursor(
                "The cursor is not one this server issued for this tenant; send an empty cursor for the first page, then each page's nextCursor")
        }
        guard cursor.type == kind.rawValue else {
            throw .invalidCursor("The cursor belongs to a walk over \(cursor.type) resources, not \(kind.rawValue)")
        }
        guard cursor.queryHash == queryHash else {
            throw .invalidCursor(
                "The cursor belongs to another query: repeat the first page's filter, sortBy and sortOrder, or start again with an empty cursor")
        }
        guard cursor.count == count else {
            throw .invalidCount("count must stay \(cursor.count), the count of the walk's first page (RFC 9865 §2.1)")
        }
        if nowMs - cursor.issuedMs > Int64(cursorTimeoutSeconds) * 1000 {
            throw .expiredCursor(
                "The cursor expired: request each page within \(cursorTimeoutSeconds) seconds of the last (cursorTimeout); start again with an empty cursor")
        }
        return cursor
    }
}
