import CSQLite
import Foundation
import Store
import Synchronization

/// Another process's hold on the database, as scimctl or a second scimd would take it: a raw
/// SQLite connection with `BEGIN IMMEDIATE` open until `release()`.
final class ExternalLock: @unchecked Sendable {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK,
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK
        else {
            sqlite3_close_v2(db)
            throw ExternalLockFailed()
        }
    }

    func release() {
        guard let db else { return }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        sqlite3_close_v2(db)
        self.db = nil
    }

    deinit { release() }
}

struct ExternalLockFailed: Error {}

/// A one-shot signal from inside a transaction body to the test that waits for it.
final class Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream(of: Void.self) }

    func open() { continuation.yield() }

    func wait() async {
        for await _ in stream { return }
    }
}

/// Things that happened, in order, recorded from any thread.
final class Journal: Sendable {
    private let entries = Mutex<[String]>([])
    func record(_ entry: String) { entries.withLock { $0.append(entry) } }
    var all: [String] { entries.withLock { $0 } }
}

extension Duration {
    /// Seconds as a Double, for messages.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// A value shared between tasks and threads (a `Mutex` cannot be captured by a `Task`).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}

/// Starts a write that holds the writer until `release` opens (released anyway after 30 s, so a
/// store that gets this wrong fails the test instead of hanging it), once its body runs.
func holdWriter(_ store: SQLiteStore, tenant: Int64, until release: Gate) async -> Task<Void, any Error> {
    let entered = Gate()
    let holder = Task {
        try await store.write { tx in
            try await tx.insertUser(tenant: tenant, "holder")
            entered.open()
            await release.wait()
        }
    }
    // A safety release, so a failing test ends instead of hanging; far beyond any wait the
    // tests expect, because parallel CPU-bound tests can delay this pool's timers by seconds.
    Task.detached {
        try? await Task.sleep(for: .seconds(30))
        release.open()
    }
    await entered.wait()
    return holder
}
