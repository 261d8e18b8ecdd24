import Foundation
import Store
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

    /// Every store the contract suites run against.
    static let all: [StoreFactory] = [.sqlite]

    /// A real SQLite file in the temporary directory, through the public API.
    static let sqlite = StoreFactory(name: "SQLite") { directory in
        try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
    }

    /// Runs `body` with a new store; the directory behind it is removed afterwards.
    func run(_ body: (any ProvisioningStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await open(directory)
        try await body(store)
        await store.checkpoint()
    }
}
