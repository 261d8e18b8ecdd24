import Foundation
import Logging
import PostgresNIO
import Store
import StorePostgres

/// Empty databases on the throw-away cluster `scripts/with-postgres.sh` starts and names in
/// `SCIMD_TEST_POSTGRES_URL`; without that variable the PostgreSQL variants of the store tests
/// are not run (`make test` says so; CI requires the cluster).
public enum PostgresTestDatabase {
    public static let adminURL: String? = ProcessInfo.processInfo.environment["SCIMD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    public static var isAvailable: Bool { adminURL != nil }

    /// Creates a new, empty database and answers its URL.
    public static func create() async throws -> String {
        guard let adminURL else { throw StoreError.unavailable("SCIMD_TEST_POSTGRES_URL is not set") }
        let admin = try PostgresLocation(url: adminURL)
        let name = "scimd_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await withAdminConnection(admin) { connection, logger in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var components = URLComponents(string: adminURL)
        components?.path = "/\(name)"
        guard let url = components?.string else { throw StoreError.internalError("cannot build a URL from \(admin)") }
        return url
    }

    /// The database a URL from `create` names.
    public static func name(of url: String) -> String? { try? PostgresLocation(url: url).database }

    /// Drops a database `create` made, closing whatever connections are still open to it.
    public static func drop(database: String) async {
        guard let adminURL, let admin = try? PostgresLocation(url: adminURL), database.hasPrefix("scimd_test_") else { return }
        try? await withAdminConnection(admin) { connection, logger in
            _ = try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"), logger: logger)
        }
    }

    /// Closes every connection to `database` from the server side, as a failover or a
    /// restart would (or only those of backends waiting for a lock); answers how many there were.
    @discardableResult
    public static func terminateConnections(database: String, onlyWaitingOnLocks: Bool = false) async throws -> Int {
        try await countRows(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
                + (onlyWaitingOnLocks ? " AND wait_event_type = 'Lock'" : ""), database: database)
    }

    /// How many backends of `database` wait for a lock right now (`pg_stat_activity`'s
    /// wait_event_type 'Lock'): a statement of the store is then in flight.
    public static func backendsWaitingOnLocks(database: String) async throws -> Int {
        try await countRows("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'", database: database)
    }

    /// Runs `sql` (with `$1` = `database`) on the cluster's admin database; answers its row count.
    private static func countRows(_ sql: String, database: String) async throws -> Int {
        guard let adminURL else { throw StoreError.unavailable("SCIMD_TEST_POSTGRES_URL is not set") }
        let admin = try PostgresLocation(url: adminURL)
        var count = 0
        try await withAdminConnection(admin) { connection, logger in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: { var b = PostgresBindings(); b.append(database); return b }()), logger: logger)
            for try await _ in rows { count += 1 }
        }
        return count
    }

    private static func withAdminConnection(
        _ location: PostgresLocation, _ body: (PostgresConnection, Logger) async throws -> Void
    ) async throws {
        let logger = Logger(label: "scimd-test-postgres")
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection, logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
