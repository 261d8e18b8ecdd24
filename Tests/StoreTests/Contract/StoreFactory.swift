import Foundation
import PostgresTestSupport
import Store
import StorePostgres
import Testing

/// A way to get a fresh, empty store, for the contract suites to run against every store.
///
/// The suites reach the store only through `ProvisioningStore` and `StoreTransaction`, so a
/// second store (PostgreSQL) proves it behaves like SQLite by adding one line to `all`.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    /// Opens an empty store; `directory` is a fresh temporary directory removed after the test.
    let open: @Sendable (_ directory: URL) async throws -> any ProvisioningStore

    var testDescription: String { name }

    /// Every store the contract suites run against: SQLite always, PostgreSQL when
    /// scripts/with-postgres.sh started a cluster (`make test` does; CI requires it).
    static let all: [StoreFactory] = PostgresTestDatabase.isAvailable ? [.sqlite, .postgres] : [.sqlite]

    /// A real SQLite file in the temporary directory, through the public API.
    static let sqlite = StoreFactory(name: "SQLite") { directory in
        try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
    }

    /// A new database of its own on the test cluster, through the public API.
    static let postgres = StoreFactory(name: "PostgreSQL") { _ in
        let url = try await PostgresTestDatabase.create()
        return try await PostgresStore(url: url, maximumConnections: 8)
    }

    /// Runs `body` with a new store; the directory (or database) behind it is removed afterwards.
    func run(_ body: (any ProvisioningStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await open(directory)
        do {
            try await body(store)
        } catch {
            await Self.close(store)
            throw error
        }
        await store.checkpoint()
        await Self.close(store)
    }

    private static func close(_ store: any ProvisioningStore) async {
        guard let postgres = store as? PostgresStore else { return }
        await postgres.close()
        await PostgresTestDatabase.drop(database: postgres.location.database)
    }
}
