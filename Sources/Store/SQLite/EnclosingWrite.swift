import Synchronization

/// The write transaction a task is running the body of. A `write` started inside that body
/// (the Bulk service runs each operation's ordinary write path inside one transaction per chunk
/// of operations) joins it as a SAVEPOINT, so its failure undoes only its own changes, instead
/// of queueing for the writer its own task already holds, which would never come. A `read`
/// inside the body reads the same transaction, so it sees the writes made so far.
///
/// Bound to the task with a task-local; it is open only while the enclosing body runs, so a task
/// spawned inside the body that outlives it writes on its own.
final class EnclosingWrite: Sendable {
    let store: ObjectIdentifier
    let transaction: SQLTransaction<SQLiteSession>
    /// Open while the enclosing body runs; broken once SQLite rolled the transaction back; a
    /// nested write is running (they must not overlap).
    private let state = Mutex<(open: Bool, broken: Bool, nestedRunning: Bool)>((true, false, false))

    @TaskLocal static var current: EnclosingWrite?

    init(store: ObjectIdentifier, transaction: SQLTransaction<SQLiteSession>) {
        self.store = store
        self.transaction = transaction
    }

    var isOpen: Bool { state.withLock { $0.open } }

    func close() { state.withLock { $0.open = false } }

    private func markBroken() { state.withLock { $0.broken = true } }

    /// Runs `body` in a SAVEPOINT of the enclosing transaction: released if it returns, rolled
    /// back to if it throws (sqlite.org/lang_savepoint.html).
    func nested<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        let claimed = state.withLock { s -> Bool in
            guard s.open, !s.broken, !s.nestedRunning else { return false }
            s.nestedRunning = true
            return true
        }
        // Two nested writes at once would interleave their statements on one connection.
        guard claimed else {
            throw StoreError.internalError("a nested write overlapped another one, outlived its transaction or followed its rollback")
        }
        defer { state.withLock { $0.nestedRunning = false } }
        let connection = transaction.session.connection
        let logged = transaction.effects.loggedStatuses.count
        try requireTransaction()
        try connection.run("SAVEPOINT scimd_nested")
        do {
            let result = try await body(transaction)
            try requireTransaction()
            try connection.run("RELEASE scimd_nested")
            return result
        } catch {
            if connection.inTransaction {
                try? connection.run("ROLLBACK TO scimd_nested")
                try? connection.run("RELEASE scimd_nested")
            } else {
                // SQLite rolled the whole transaction back: nothing more may run in it, and the
                // enclosing write fails (its COMMIT finds no transaction).
                markBroken()
            }
            // Only the entries that will commit are counted after the COMMIT.
            transaction.effects.loggedStatuses.removeSubrange(min(logged, transaction.effects.loggedStatuses.count)...)
            throw error
        }
    }

    private func requireTransaction() throws {
        guard transaction.session.connection.inTransaction else {
            markBroken()
            throw StoreError.internalError("the enclosing transaction was rolled back by SQLite")
        }
    }

    /// Runs `body` on the enclosing transaction, read-only.
    func read<T>(_ body: (any StoreTransaction) async throws -> T) async throws -> T {
        guard isOpen else { throw StoreError.internalError("a read outlived the write transaction it was started in") }
        return try await body(transaction.readOnly())
    }
}
