import Foundation
import Store

/// Copies the whole database to a new file while scimd keeps serving (`scimctl backup FILE`).
/// Operator only: a tenant's admin token must not make the server write files, so it is refused
/// inside a tenant and no admin route builds it.
public struct BackupDatabase: AdminOperation {
    public var path: String
    public init(path: String) { self.path = path }

    public struct Result: Encodable, Sendable, Equatable {
        public var path: String
        public var bytes: Int64
        public var milliseconds: Int64
    }

    public func perform(_ context: AdminContext) async throws -> Result {
        guard context.tenant == nil else { throw AdminError(.invalid, "A backup copies every tenant; only the operator runs it (scimctl backup).") }
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw AdminError(.invalid, "The directory '\(directory)' does not exist; create it or choose another path.")
        }
        guard !FileManager.default.fileExists(atPath: target) else {
            throw AdminError(.conflict, "'\(target)' exists; give a new file name (a backup never overwrites).")
        }
        let started = ContinuousClock.now
        try await context.services.store.backup(to: target)
        let elapsed = ContinuousClock.now - started
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? NSNumber)?.int64Value ?? 0
        return Result(path: target, bytes: size, milliseconds: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
