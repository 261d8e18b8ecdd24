import Foundation
import SCIM
import Store

/// `scimctl migrate --from SQLITE --to postgres://…`: copies a SQLite deployment, table by
/// table and row by row, into an empty PostgreSQL database of the same schema version, keeping
/// every id and sequence number (tokens, resource ids, sync-log and event cursors stay valid).
///
/// The source is read in one snapshot (scimd may keep running on it; what it writes after the
/// snapshot is not copied). The target is written in one transaction under the writer lock, so
/// a failure leaves it empty. `resource_counts` is not copied: the trigger on `resources`
/// rebuilds it as the rows arrive.
public enum SQLiteToPostgres {
    /// Rows in one table, in the source and, after the copy, in the target.
    public struct TableCount: Sendable, Equatable, Codable {
        public let table: String
        public let source: Int
        public let target: Int
    }

    /// The tables in an order their foreign keys accept (organizations' `parent_id`, which may
    /// point at a later row, is set in a second pass).
    static let tables = [
        "tenants", "tokens", "resources", "resource_values", "group_members", "sync_log", "roles", "organizations", "mappings",
        "assignments", "mapping_errors", "recompute_jobs", "scope_rules", "events", "provisioned_users", "subscriptions",
        "deliveries", "delivery_attempts", "oauth_clients", "oauth_client_secrets", "signing_keys", "cursor_keys",
        "console_sessions",
    ]
    /// SQLite tables that are deliberately not copied: `resource_counts` (rebuilt by a trigger)
    /// and SQLite's own. Every other table must be in `tables`, or the copy refuses to start:
    /// a table a later migration adds cannot be left behind silently.
    static let notCopied: Set<String> = ["resource_counts", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4"]

    public static func copy(from source: SQLiteStore, to target: PostgresStore) async throws -> [TableCount] {
        // Opening the SQLite store migrated it to this binary's version; PostgreSQL's version 1
        // is that schema (PostgresMigrations).
        let health = await source.health()
        guard health.schemaVersion == health.expectedSchemaVersion else {
            throw StoreError.unavailable(health.error ?? "the SQLite database's schema is not this scimd's")
        }
        // One snapshot of the source for the whole copy.
        return try await source.read { sourceTransaction in
            guard let sqlite = (sourceTransaction as? SQLTransaction<SQLiteSession>)?.session else {
                throw StoreError.internalError("the source is not a SQLite transaction")
            }
            return try await target.write { targetTransaction in
                guard let postgres = (targetTransaction as? SQLTransaction<PostgresSession>)?.session else {
                    throw StoreError.internalError("the target is not a PostgreSQL transaction")
                }
                let existing = try await postgres.row("SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM resources)", [])?.int(0) ?? 0
                guard existing == 0 else {
                    throw StoreError.unavailable("the PostgreSQL database already holds tenants or resources: migrate into an empty one")
                }
                let sourceTables = try sqlite.rows("SELECT name FROM sqlite_master WHERE type = 'table'", []).map { try $0.string(0) }
                if let forgotten = sourceTables.first(where: { !tables.contains($0) && !notCopied.contains($0) }) {
                    throw StoreError.internalError("the SQLite table \(forgotten) has no place in the copy (SQLiteToPostgres.tables)")
                }
                var counts: [TableCount] = []
                for table in tables {
                    let copied = try await copyTable(table, from: sqlite, to: postgres)
                    let target = Int(try await postgres.row("SELECT count(*) FROM \(table)", [])?.int(0) ?? -1)
                    counts.append(TableCount(table: table, source: copied, target: target))
                }
                // Every identity column's sequence continues after the copied numbers; read from
                // the schema, so a table a later migration adds is not forgotten here.
                let identities = try await postgres.rows(
                    """
                    SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND is_identity = 'YES'
                    """, [])
                for identity in identities {
                    let (table, column) = (try identity.string(0), try identity.string(1))
                    try await postgres.run(
                        "SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), coalesce((SELECT max(\(column)) FROM \(table)), 0) + 1, false)",
                        [])
                }
                if let mismatch = counts.first(where: { $0.source != $0.target }) {
                    throw StoreError.internalError("\(mismatch.table): \(mismatch.source) rows read, \(mismatch.target) in PostgreSQL")
                }
                return counts
            }
        }
    }

    /// Copies one table in batches of multi-row INSERTs; answers the rows read.
    private static func copyTable(_ table: String, from sqlite: SQLiteSession, to postgres: PostgresSession) async throws -> Int {
        let columns = try sqlite.rows("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid", []).map { try $0.string(0) }
        guard !columns.isEmpty else { throw StoreError.internalError("the SQLite database has no table \(table)") }
        let targetColumns = Set(
            try await postgres.rows(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?1",
                [.text(table)]
            ).map { try $0.string(0) })
        if let missing = columns.first(where: { !targetColumns.contains($0) }) {
            throw StoreError.internalError("PostgreSQL's \(table) has no column \(missing)")
        }
        // parent_id may name a later row: inserted as NULL, set once every row is there.
        let deferred = table == "organizations" ? columns.firstIndex(of: "parent_id") : nil
        // Read in keyset order: rowid where the table has one (insertion order, which
        // PostgreSQL's row_seq then repeats), else the primary key (WITHOUT ROWID tables).
        let withoutRowID = try sqlite.row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1 AND sql LIKE '%WITHOUT ROWID%'", [.text(table)]) != nil
        let keys = withoutRowID
            ? try sqlite.rows("SELECT name FROM pragma_table_info('\(table)') WHERE pk > 0 ORDER BY pk", []).map { try $0.string(0) }
            : ["rowid"]
        let batch = max(1, min(1_000, 60_000 / columns.count))
        var last: [SQLValue]? = nil
        var copied = 0
        var parents: [(SQLValue, SQLValue)] = []
        while true {
            let after = last.map { values in
                "WHERE (\(keys.joined(separator: ", "))) > (\(values.indices.map { "?\($0 + 2)" }.joined(separator: ", ")))"
            } ?? ""
            let rows = try sqlite.rows(
                "SELECT \(columns.joined(separator: ", ")), \(keys.joined(separator: ", ")) FROM \(table) \(after) ORDER BY \(keys.joined(separator: ", ")) LIMIT ?1",
                [.integer(Int64(batch))] + (last ?? []))
            guard let final = rows.last else { break }
            var arguments: [SQLValue] = []
            arguments.reserveCapacity(rows.count * columns.count)
            var tuples: [String] = []
            for row in rows {
                var placeholders: [String] = []
                for index in columns.indices {
                    var value = row.value(index)
                    if index == deferred {
                        if value != .null, let id = columns.firstIndex(of: "id") { parents.append((row.value(id), value)) }
                        value = .null
                    }
                    arguments.append(value)
                    placeholders.append("?\(arguments.count)")
                }
                tuples.append("(\(placeholders.joined(separator: ", ")))")
            }
            try await postgres.run(
                "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))", arguments,
                duplicateField: nil)
            copied += rows.count
            last = keys.indices.map { final.value(columns.count + $0) }
        }
        for (id, parent) in parents {
            try await postgres.run("UPDATE organizations SET parent_id = ?2 WHERE id = ?1", [id, parent], duplicateField: nil)
        }
        return copied
    }
}
