/// Where scimd keeps tenants, tokens, resources, memberships, the sync log and the event outbox.
///
/// Work happens in transactions so a change and its sync-log entry commit together (requirements §7).
/// Transaction bodies are `async` so a networked store (PostgreSQL) fits the same protocol;
/// the SQLite store never suspends inside them.
public protocol ProvisioningStore: Sendable {
    /// Runs `body` on a consistent snapshot.
    func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T
    /// Runs `body` in a write transaction: committed if it returns, rolled back if it throws.
    /// Writers are serialised.
    func write<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T
    /// Makes everything committed durable in the main database file (shutdown); may do nothing.
    func checkpoint() async
    /// Whether the database answers, its schema is current and the writer is moving (`/ready`).
    func health() async -> StoreHealth
    /// Writes a consistent copy of the whole database to `path` (a new file), without holding
    /// the writer: provisioning goes on while it runs.
    func backup(to path: String) async throws
}

/// What `/ready` reports about the store.
public struct StoreHealth: Sendable, Equatable {
    /// Nil when the database could not be read; then `error` says why.
    public var schemaVersion: Int?
    public var expectedSchemaVersion: Int
    /// How long the current write has held the writer; nil when it is free.
    public var writerBusyFor: Duration?
    public var error: String?

    public init(schemaVersion: Int?, expectedSchemaVersion: Int, writerBusyFor: Duration?, error: String? = nil) {
        self.schemaVersion = schemaVersion
        self.expectedSchemaVersion = expectedSchemaVersion
        self.writerBusyFor = writerBusyFor
        self.error = error
    }
}

/// The operations available inside a transaction, one protocol per concern so that a second
/// store can implement and test each piece on its own. Write methods throw when used in `read`.
public protocol StoreTransaction:
    TenantStore, TokenStore, ResourceStore, MembershipStore, MappingStore, AssignmentStore, RecomputeJobStore,
    SyncLogStore, ScopeRuleStore, EventStore, ReportStore, NotificationStore, OAuthClientStore, SigningKeyStore,
    CursorKeyStore, ConsoleSessionStore
{}
