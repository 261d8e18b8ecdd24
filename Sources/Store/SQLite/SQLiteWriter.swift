import Foundation
import Synchronization

/// The one writer connection, the thread it runs on, and the queue of writes waiting for it.
///
/// One consumer task, running on the writer's thread, takes writes from the queue in arrival
/// order: it opens the transaction (`BEGIN IMMEDIATE`, waiting for another process's lock up to
/// the write's deadline), hands the turn to the waiting task, which runs its body on the same
/// thread, and then commits or rolls back. The body stays in the caller's task (its
/// cancellation, its task-locals, no `Sendable` closure needed); only the transaction's edges
/// belong to the consumer, which commits the writes queued together in one transaction (group
/// commit, `runBatch`). See docs/decisions/0004-sqlite-threads.md.
final class SQLiteWriter: Sendable {
    let connection: SQLiteConnection
    private let thread = SQLiteThreads(name: "scimd-sqlite-writer", maxThreads: 1)
    private let queue = WriteQueue()
    private let timeout: Duration
    private let fairnessInterval: Duration
    private let fairnessGap: Duration
    private let maxBatch: Int
    private let maxBatchDuration: Duration
    /// When the write holding the connection got its turn; nil while none does (readiness).
    private let running = Mutex<ContinuousClock.Instant?>(nil)

    /// How long the current write has held the writer, nil when it is free: a wedged writer
    /// (a body that never returns) shows here long before anything else notices.
    var busyFor: Duration? { running.withLock { $0.map { ContinuousClock.now - $0 } } }

    /// Starts the consumer; `close()` stops it. See `SQLiteStore.Configuration` for the durations.
    init(
        connection: SQLiteConnection, timeout: Duration, fairnessInterval: Duration, fairnessGap: Duration, maxBatch: Int,
        maxBatchDuration: Duration
    ) {
        self.connection = connection
        self.timeout = timeout
        self.fairnessInterval = fairnessInterval
        self.fairnessGap = fairnessGap
        self.maxBatch = max(1, maxBatch)
        self.maxBatchDuration = maxBatchDuration
        // Holds `self` until close() ends the loop.
        Task(executorPreference: thread) { await self.consume() }
    }

    /// Ends the consumer once the writes already queued are done.
    func close() {
        queue.close()
    }

    /// Runs `body` with the writer connection when this write's turn comes, on the writer's
    /// thread: in a transaction committed if `body` returns (`.transaction`), or outside one
    /// (`.maintenance`). Throws `CancellationError` if cancelled while waiting, `StoreError.busy`
    /// if the turn or the lock does not come within the timeout; `body` then never runs.
    func perform<T>(_ kind: WriteQueue.Kind, _ body: (SQLiteConnection) async throws -> T) async throws -> T {
        try await withTaskExecutorPreference(thread) {
            let queued = ContinuousClock.now
            let turn = try await queue.enqueue(kind, timeout: timeout)
            let started = ContinuousClock.now
            StoreMetrics.writeWait.recordNanoseconds(StoreMetrics.nanoseconds(started - queued))
            running.withLock { $0 = started }
            defer {
                running.withLock { $0 = nil }
                StoreMetrics.writeTransaction.recordNanoseconds(StoreMetrics.nanoseconds(ContinuousClock.now - started))
            }
            // Cancelled after the consumer took it but before it resumed: still a waiter's cancellation.
            if Task.isCancelled {
                turn.finish.resume(returning: .abandon)
                throw CancellationError()
            }
            let result: T
            do {
                result = try await body(connection)
            } catch {
                turn.finish.resume(returning: .abandon)
                throw error
            }
            try await withCheckedThrowingContinuation { settled in
                turn.finish.resume(returning: .commit(settled: settled))
            }
            return result
        }
    }

    private func consume() async {
        // When the current run of back-to-back transactions began, and when the lock was last let go.
        var runStart = ContinuousClock.now
        var released = ContinuousClock.now - fairnessGap
        var next = await queue.next()
        while let request = next {
            next = nil
            guard request.kind == .transaction else {
                await runMaintenance(request)
                next = await queue.next()
                continue
            }
            do {
                // SQLite's lock is not fair between processes: with a backlog this loop would
                // take it again microseconds after each COMMIT, and scimctl, polling every
                // millisecond, could wait forever. After `fairnessInterval` of holding it back
                // to back, leave it free for `fairnessGap`, longer than one poll.
                let sinceRelease = ContinuousClock.now - released
                if sinceRelease >= fairnessGap {
                    runStart = .now
                } else if ContinuousClock.now - runStart >= fairnessInterval {
                    SQLiteBusyWait.sleep(fairnessGap - sinceRelease)
                    runStart = .now
                }
                try begin(until: request.deadline)
            } catch {
                request.grant.resume(throwing: SQLiteStore.translate(error))
                next = await queue.next()
                continue
            }
            next = await runBatch(first: request)
            released = .now
            if next == nil { next = await queue.next() }
        }
        thread.stop()
    }

    /// Group commit: runs `first` and the transactions queued behind it in the transaction
    /// just begun, each after the first in a SAVEPOINT so that its failure rolls back only its
    /// own changes, and settles them all after one COMMIT. Nobody is told a write succeeded
    /// before that COMMIT, so a killed process loses no acknowledged write. The batch ends when
    /// the queue is empty, at `maxBatch` writes or after `maxBatchDuration`, and before a
    /// maintenance request, which it returns for the caller to run next.
    private func runBatch(first: WriteQueue.Request) async -> WriteQueue.Request? {
        let started = ContinuousClock.now
        var member: WriteQueue.Request? = first
        var settled: [CheckedContinuation<Void, any Error>] = []
        var joined = 0
        var lost: (any Error)?
        var after: WriteQueue.Request?
        while let current = member {
            member = nil
            // The first write needs no savepoint: if it fails, the whole transaction is its own.
            let savepoint = joined > 0
            if savepoint {
                do {
                    guard connection.inTransaction else { throw StoreError.internalError("the batch's transaction was rolled back") }
                    try connection.run("SAVEPOINT scimd_write")
                } catch {
                    current.grant.resume(throwing: SQLiteStore.translate(error))
                    lost = error
                    break
                }
            }
            joined += 1
            let ending = await withCheckedContinuation { finish in
                current.grant.resume(returning: WriteQueue.Turn(finish: finish))
            }
            switch ending {
            case .commit(let settle):
                if savepoint {
                    do {
                        guard connection.inTransaction else { throw StoreError.internalError("the batch's transaction was rolled back") }
                        try connection.run("RELEASE scimd_write")
                    } catch {
                        settle.resume(throwing: SQLiteStore.translate(error))
                        lost = error
                    }
                }
                if lost == nil { settled.append(settle) }
            case .abandon where savepoint:
                do {
                    try connection.run("ROLLBACK TO scimd_write")
                    try connection.run("RELEASE scimd_write")
                } catch {
                    // SQLite rolled back the whole transaction itself (sqlite.org/lang_transaction.html,
                    // "Response To Errors Within A Transaction"): the others' writes are gone too.
                    lost = error
                }
            case .abandon:
                try? connection.execute("ROLLBACK")
                // Nothing else is in this transaction: the next queued write starts a new one.
                StoreMetrics.commitBatch.record(0)
                return queue.poll()
            }
            if lost != nil { break }
            guard joined < maxBatch, ContinuousClock.now - started < maxBatchDuration, let waiting = queue.poll() else { break }
            if waiting.kind == .transaction { member = waiting } else { after = waiting }
        }
        if let lost {
            try? connection.execute("ROLLBACK")
            for settle in settled { settle.resume(throwing: SQLiteStore.translate(lost)) }
            StoreMetrics.commitBatch.record(0)
            return after
        }
        do {
            try connection.run("COMMIT")
            for settle in settled { settle.resume() }
            StoreMetrics.commitBatch.record(settled.count)
        } catch {
            try? connection.execute("ROLLBACK")
            for settle in settled { settle.resume(throwing: SQLiteStore.translate(error)) }
            StoreMetrics.commitBatch.record(0)
        }
        return after
    }

    /// A `.maintenance` request: the connection outside any transaction.
    private func runMaintenance(_ request: WriteQueue.Request) async {
        let ending = await withCheckedContinuation { finish in
            request.grant.resume(returning: WriteQueue.Turn(finish: finish))
        }
        if case .commit(let settle) = ending { settle.resume() }
    }

    /// `BEGIN IMMEDIATE`, retried with backoff until `deadline`: the busy handler waits for the
    /// lock, but SQLite returns SQLITE_BUSY without calling it in some cases (a WAL file being
    /// recovered or restarted by another process).
    private func begin(until deadline: ContinuousClock.Instant) throws {
        connection.busyDeadline = deadline
        defer { connection.busyDeadline = nil }
        var pause = Duration.milliseconds(1)
        while true {
            do {
                try connection.run("BEGIN IMMEDIATE")
                return
            } catch let error as SQLiteError where error.isBusy && ContinuousClock.now.advanced(by: pause) < deadline {
                SQLiteBusyWait.sleep(pause)
                pause = min(pause * 2, .milliseconds(16))
            }
        }
    }
}
