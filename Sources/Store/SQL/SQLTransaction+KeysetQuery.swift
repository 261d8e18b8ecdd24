import SCIM

extension SQLTransaction {
    /// The number of columns in `resourceColumns`; a keyset query reads the sort key after them.
    private static var resourceColumnCount: Int { 8 }

    /// Sort keys that are NOT NULL columns: they sort without the "NULLs last" term, which would
    /// keep SQLite from reading their index in order.
    static var notNullSortKeys: Set<String> { notNullSortColumns }

    /// The ORDER BY of a sorted query, index or keyset paging alike: NULLs last in either direction
    /// (RFC 7644 §3.4.2.3 leaves it open; this is least surprising), ties in creation order.
    static func sortOrder(_ key: String, descending: Bool) -> String {
        let direction = descending ? "DESC" : "ASC"
        if notNullSortKeys.contains(key) { return "\(key) \(direction), r.seq" }
        return "(\(key)) IS NULL, \(key) \(direction), r.seq"
    }

    /// A keyset page (the RFC 9865 cursor walk): the rows after the position in the query's order,
    /// read as an indexed seek (`seq > ?` on `resources_by_type`, migration 3), so the last page of
    /// a million rows costs what the first does. One row more than asked for is read, to tell
    /// whether a next page exists (RFC 9865 §2: `nextCursor` is omitted only on the last page).
    func keysetPage(
        _ compiler: inout FilterSQLCompiler, conditions: String, _ query: ResourceQuery, count: Int, total: Int,
        observer: QueryStatementObserver?
    ) async throws -> ResourcePage {
        var conditions = conditions
        let order: String
        var sortColumn = ""
        if let sortBy = query.sortBy {
            // RFC 9865 §2.2: cursor pages follow sortBy. The order is the index paging's: NULLs last,
            // then seq, which makes it total, so (key, seq) names one place in it.
            let key = try compiler.sortExpression(sortBy)
            order = Self.sortOrder(key, descending: query.descending)
            sortColumn = ", \(key)"
            if case .after(let position) = query.paging {
                let seq = compiler.bind(.integer(position.seq))
                switch position.sortKey ?? .null {
                case let value where Self.notNullSortKeys.contains(key) && !query.descending:
                    // A row value SQLite seeks on the (tenant_id, type, key) index, whose entries
                    // end with the rowid, seq: the page is a range of that index, in its order.
                    conditions += " AND (\(key), r.seq) > (\(compiler.bind(value)), \(seq))"
                case .null:
                    // After a row without a key only rows without one follow, in seq order.
                    conditions += " AND (\(key)) IS NULL AND r.seq > \(seq)"
                case let value:
                    let v = compiler.bind(value)
                    let beyond = query.descending ? "<" : ">"
                    conditions += " AND ((\(key)) IS NULL OR (\(key)) \(beyond) \(v) OR ((\(key)) = \(v) AND r.seq > \(seq)))"
                }
            }
        } else {
            order = "r.seq"
            if case .after(let position) = query.paging {
                conditions += " AND r.seq > \(compiler.bind(.integer(position.seq)))"
            }
        }
        let limit = compiler.bind(.integer(Int64(count) + 1))
        let sql = "SELECT \(Self.resourceColumns)\(sortColumn) FROM resources r WHERE \(conditions) ORDER BY \(order) LIMIT \(limit)"
        let rows = try await fetch(sql, compiler.arguments, observer: observer)
        let records = try rows.prefix(count).map(Self.resource)
        var next: KeysetPosition?
        if rows.count > count {
            let last = rows[count - 1]
            let sortKey = query.sortBy == nil ? nil : try last.value(Self.resourceColumnCount)
            next = KeysetPosition(seq: try last.int(0), sortKey: sortKey)
        }
        return ResourcePage(totalResults: total, records: records, next: next)
    }
}

/// The sort keys that are NOT NULL columns, as `FilterSQLCompiler.sortExpression` spells them
/// (in PostgreSQL text keys carry `COLLATE "C"`, in both spellings here).
private let notNullSortColumns: Set<String> = {
    let text = ["r.id", "r.name_key", "r.type"]
    return Set(text + text.map(SQLDialect.postgres.binaryOrder) + ["r.created_ms", "r.modified_ms", "r.version"])
}()
