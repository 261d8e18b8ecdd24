import Foundation
import Logging
import Store
import StorePostgres

/// `scimctl migrate --from SQLITE --to postgres://…`: a SQLite deployment copied into an empty
/// PostgreSQL database (docs/guides/postgresql.md), every table with its ids, verified by
/// counting each table on both sides. Operator only, from the command line: it opens two
/// databases, so it is not an operation inside one context.
public enum MigrateToPostgres {
    public struct Result: Encodable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var tables: [SQLiteToPostgres.TableCount]
        public var rows: Int
        public var milliseconds: Int64
    }

    public static func run(from path: String, to url: String, logger: Logger = Logger(label: "scimctl")) async throws -> Result {
        guard !ProvisioningServices.isPostgres(database: path) else {
            throw AdminError(.invalid, "--from must be a SQLite file; '\(ProvisioningServices.describe(database: path))' is a PostgreSQL URL.")
        }
        guard ProvisioningServices.isPostgres(database: url) else {
            throw AdminError(.invalid, "--to must be a postgres:// URL, not '\(url)'.")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw AdminError(.notFound, "No SQLite database at \(path).") }
        let started = ContinuousClock.now
        let target: PostgresStore
        let tables: [SQLiteToPostgres.TableCount]
        do {
            let source = try SQLiteStore(path: path)
            target = try await PostgresStore(url: url, logger: logger)
            do {
                tables = try await SQLiteToPostgres.copy(from: source, to: target)
            } catch {
                await target.close()
                throw error
            }
            await target.close()
        } catch let error as StoreError {
            throw AdminError(.invalid, "\(error)")
        }
        let elapsed = ContinuousClock.now - started
        return Result(
            from: path, to: target.location.description, tables: tables, rows: tables.reduce(0) { $0 + $1.source },
            milliseconds: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
