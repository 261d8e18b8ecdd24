import Foundation
import Logging
import SCIM
import Store
import StorePostgres

/// The service layer, wired once over one store; the server and scimctl both use it.
public struct ProvisioningServices: Sendable {
    public let store: any ProvisioningStore
    public let registry: SchemaRegistry
    public let clock: ProvisioningClock
    public let tenants: TenantService
    /// Verifies bearer tokens on every request.
    public let authenticator: TokenAuthenticator
    /// Issues, lists and revokes tokens.
    public let tokenAdministration: TokenAdministration
    /// OAuth 2.0 client credentials: the token endpoint, access-token checks, clients and keys.
    public let oauth: OAuthService
    public let resources: ResourceService
    public let bulk: BulkService
    public let syncLog: SyncLogService
    /// The application's event outbox, read as a feed (requirements §8).
    public let events: EventFeed
    public let mappings: MappingService
    /// Each tenant's sync-scope rules.
    public let scope: ScopeService
    /// The sync report of a tenant and a period (requirements §8).
    public let reports: ReportService
    /// Notification subscriptions and their deliveries (requirements §8).
    public let notifications: NotificationService
    /// Per-tenant and per-client request limits for `/scim/v2` (in memory, per process).
    public let rateLimiter: RequestRateLimiter

    public init(
        store: any ProvisioningStore, registry: SchemaRegistry, clock: ProvisioningClock = .system, logger: Logger,
        recomputeChunkSize: Int = MappingService.defaultRecomputeChunkSize,
        cursorTimeoutSeconds: Int = ResourceService.defaultCursorTimeoutSeconds
    ) throws {
        self.store = store
        self.registry = registry
        self.clock = clock
        tenants = TenantService(store: store, clock: clock)
        oauth = OAuthService(store: store, clock: clock, tenants: tenants)
        authenticator = TokenAuthenticator(store: store, clock: clock, oauth: oauth)
        tokenAdministration = TokenAdministration(store: store, clock: clock, tenants: tenants, authenticator: authenticator)
        resources = try ResourceService(
            store: store, registry: registry, clock: clock, logger: logger, cursorTimeoutSeconds: cursorTimeoutSeconds)
        bulk = BulkService(resources: resources)
        syncLog = SyncLogService(store: store, clock: clock)
        events = EventFeed(store: store, clock: clock)
        mappings = MappingService(
            store: store, clock: clock, userSchema: resources.schema(.user), recomputeChunkSize: recomputeChunkSize)
        scope = ScopeService(store: store, clock: clock, userSchema: resources.schema(.user), mappings: mappings)
        reports = ReportService(store: store, clock: clock)
        notifications = NotificationService(store: store, clock: clock)
        rateLimiter = RequestRateLimiter(store: store)
    }

    /// Folds the write-ahead log into the database file; called on graceful shutdown.
    public func checkpoint() async {
        await store.checkpoint()
    }

    /// Opens the database `database` names: a `postgres://` URL (docs/guides/postgresql.md) or
    /// the path of a SQLite file (created if missing). `durability` and `writeBatch` are
    /// SQLite's; PostgreSQL makes every commit durable by itself.
    public static func open(
        database: String, schemaDirectory: String?, lockTimeout: Duration? = nil, durability: SQLiteStore.Durability = .normal,
        writeBatch: Int? = nil, clock: ProvisioningClock = .system, logger: Logger = Logger(label: "scimd"),
        recomputeChunkSize: Int = MappingService.defaultRecomputeChunkSize,
        cursorTimeoutSeconds: Int = ResourceService.defaultCursorTimeoutSeconds
    ) async throws -> ProvisioningServices {
        guard isPostgres(database: database) else {
            return try openSQLite(
                databasePath: database, schemaDirectory: schemaDirectory, lockTimeout: lockTimeout, durability: durability,
                writeBatch: writeBatch, clock: clock, logger: logger, recomputeChunkSize: recomputeChunkSize,
                cursorTimeoutSeconds: cursorTimeoutSeconds)
        }
        let registry = try loadRegistry(schemaDirectory)
        let store = try await PostgresStore(
            url: database, derived: StoreDerivations.attributes, lockTimeout: lockTimeout ?? .seconds(5), logger: logger)
        return try ProvisioningServices(
            store: store, registry: registry, clock: clock, logger: logger, recomputeChunkSize: recomputeChunkSize,
            cursorTimeoutSeconds: cursorTimeoutSeconds)
    }

    /// True for a `postgres://` (or `postgresql://`) URL, false for a SQLite path.
    public static func isPostgres(database: String) -> Bool { PostgresLocation.isPostgresURL(database) }

    /// What the start-up line and `scimctl` say the database is: the SQLite path, or the
    /// PostgreSQL URL without its password.
    public static func describe(database: String) -> String {
        guard isPostgres(database: database) else { return database }
        return (try? PostgresLocation(url: database).description) ?? "a PostgreSQL URL that does not parse"
    }

    private static func loadRegistry(_ schemaDirectory: String?) throws -> SchemaRegistry {
        guard let directory = schemaDirectory.map({ URL(fileURLWithPath: $0) }) ?? SchemaRegistry.defaultDirectory() else {
            throw SchemaLoadError(
                "cannot find the schemas/ directory; run from the repository root or pass --schemas DIR")
        }
        return try SchemaRegistry(directory: directory)
    }

    /// Opens the SQLite database at `databasePath` (created if missing) with the schemas in
    /// `schemaDirectory` (found next to the working directory or the executable when nil).
    /// `lockTimeout` bounds how long a transaction waits for the database (the store's
    /// default when nil) before it fails as busy; `durability` what a commit survives.
    public static func openSQLite(
        databasePath: String, schemaDirectory: String?, lockTimeout: Duration? = nil, durability: SQLiteStore.Durability = .normal,
        writeBatch: Int? = nil, clock: ProvisioningClock = .system, logger: Logger = Logger(label: "scimd"),
        recomputeChunkSize: Int = MappingService.defaultRecomputeChunkSize,
        cursorTimeoutSeconds: Int = ResourceService.defaultCursorTimeoutSeconds
    ) throws -> ProvisioningServices {
        let registry = try loadRegistry(schemaDirectory)
        var configuration = SQLiteStore.Configuration()
        if let lockTimeout { configuration.lockTimeout = lockTimeout }
        configuration.durability = durability
        if let writeBatch { configuration.maxBatch = writeBatch }
        configuration.derivedAttributes = StoreDerivations.attributes
        let store = try SQLiteStore(path: databasePath, configuration: configuration)
        return try ProvisioningServices(
            store: store, registry: registry, clock: clock, logger: logger, recomputeChunkSize: recomputeChunkSize,
            cursorTimeoutSeconds: cursorTimeoutSeconds)
    }
}
