/// Console sessions, kept in the database so every scimd process on one database knows them.
///
/// Contract: sessions are found by the hash of their id; inserting a hash twice throws
/// `StoreError.duplicate(field: "session")`. `consoleSession` returns expired sessions too (the
/// caller decides and says why), with the credential they signed in with. `touchConsoleSession`
/// moves the idle expiry, never past the absolute one. `setConsoleSessionTenant` moves a session
/// to another tenant and reports false when the session or the tenant is absent.
/// `deleteConsoleSession` reports true only for the call that deleted. `pruneConsoleSessions`
/// deletes every session whose idle or absolute expiry is at or before `nowMs` and returns how
/// many.
public protocol ConsoleSessionStore {
    func insertConsoleSession(_ session: ConsoleSessionRecord, hash: String) async throws
    func consoleSession(hash: String) async throws -> ConsoleSessionRecord?
    func touchConsoleSession(hash: String, idleExpiresMs: Int64) async throws
    func setConsoleSessionTenant(hash: String, tenantID: Int64) async throws -> Bool
    @discardableResult
    func deleteConsoleSession(hash: String) async throws -> Bool
    @discardableResult
    func pruneConsoleSessions(nowMs: Int64) async throws -> Int
}
