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
}

/// The operations available inside a transaction, one protocol per concern so that a second
/// store can implement and test each piece on its own. Write methods throw when used in `read`.
public protocol StoreTransaction:
    TenantStore, TokenStore, ResourceStore, MembershipStore, MappingStore, AssignmentStore, RecomputeJobStore,
    SyncLogStore, ScopeRuleStore, EventStore, ReportStore, NotificationStore, OAuthClientStore, SigningKeyStore
{}
