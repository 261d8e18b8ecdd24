import Synchronization

/// Writes waiting for the writer connection, in arrival order, handed one at a time to the
/// writer's single consumer (`SQLiteWriter`).
///
/// A waiting write is removed when its task is cancelled (it throws `CancellationError` and
/// never runs its body) and when its deadline passes (it throws `StoreError.busy`). A write
/// the consumer has taken is no longer waiting: from then on the consumer owns its ending.
final class WriteQueue: Sendable {
    /// What a write needs from the consumer before its body runs.
    enum Kind: Sendable {
        /// `BEGIN IMMEDIATE` before the body; `COMMIT` or `ROLLBACK` after it.
        case transaction
        /// The connection alone, outside a transaction (`PRAGMA wal_checkpoint`).
        case maintenance
    }

    /// How a write's body ended, sent back to the consumer.
    enum Ending: Sendable {
        /// The body returned: commit, then resume `settled` with the outcome.
        case commit(settled: CheckedContinuation<Void, any Error>)
        /// The body threw or was cancelled: roll back; the write does not wait.
        case abandon
    }

    /// The right to use the writer connection, until `finish` is resumed exactly once.
    struct Turn: Sendable {
        let finish: CheckedContinuation<Ending, Never>
    }

    /// A write the consumer has taken off the queue.
    struct Request: Sendable {
        let kind: Kind
        /// When the write stops waiting, for its turn and for another process's lock.
        let deadline: ContinuousClock.Instant
        /// Resumed with a `Turn` once the transaction is open, or with the error that kept it shut.
        let grant: CheckedContinuation<Turn, any Error>
    }

    private struct Waiter {
        var request: Request
        var timer: Task<Void, Never>?
    }

    private struct State {
        /// Arrival order; ids whose waiter left (cancelled, expired) are skipped.
        var order: [UInt64] = []
        var head = 0
        var waiting: [UInt64: Waiter] = [:]
        /// The consumer, when it waits for work.
        var consumer: CheckedContinuation<Request?, Never>?
        var closed = false
        var lastID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Waits for the consumer to take this write and open its transaction; the returned turn
    /// must be finished. Throws `CancellationError` if the task is cancelled while waiting,
    /// `StoreError.busy` when `timeout` passes first.
    func enqueue(_ kind: Kind, timeout: Duration) async throws -> Turn {
        let id = state.withLock { s -> UInt64 in
            s.lastID += 1
            return s.lastID
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (grant: CheckedContinuation<Turn, any Error>) in
                let request = Request(kind: kind, deadline: deadline, grant: grant)
                enum Next {
                    case refuse(any Error)
                    case handOver(CheckedContinuation<Request?, Never>)
                    case wait
                }
                let next = state.withLock { s -> Next in
                    if s.closed { return .refuse(StoreError.unavailable("the store is closed")) }
                    // The cancellation handler may have run before this waiter existed.
                    if Task.isCancelled { return .refuse(CancellationError()) }
                    if let consumer = s.consumer {
                        s.consumer = nil
                        return .handOver(consumer)
                    }
                    s.order.append(id)
                    s.waiting[id] = Waiter(request: request)
                    return .wait
                }
                switch next {
                case .refuse(let error): grant.resume(throwing: error)
                case .handOver(let consumer): consumer.resume(returning: request)
                case .wait: startTimer(id: id, deadline: deadline)
                }
            }
        } onCancel: {
            leave(id: id, with: CancellationError())
        }
    }

    /// The next waiting write, in arrival order; nil once the queue is closed and empty.
    func next() async -> Request? {
        await withCheckedContinuation { (consumer: CheckedContinuation<Request?, Never>) in
            let taken = state.withLock { s -> Waiter?? in
                if let waiter = Self.takeFirst(&s) { return .some(waiter) }
                if s.closed { return .some(nil) }
                s.consumer = consumer
                return nil
            }
            guard let taken else { return }
            taken?.timer?.cancel()
            consumer.resume(returning: taken?.request)
        }
    }

    /// The next waiting write if one is waiting now, without waiting for one: the consumer adds
    /// it to the transaction it has open (group commit).
    func poll() -> Request? {
        let waiter = state.withLock { Self.takeFirst(&$0) }
        waiter?.timer?.cancel()
        return waiter?.request
    }

    private static func takeFirst(_ s: inout State) -> Waiter? {
        while s.head < s.order.count {
            let id = s.order[s.head]
            s.head += 1
            if s.head == s.order.count {
                s.order.removeAll(keepingCapacity: true)
                s.head = 0
            } else if s.head > 1024 && s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)  // a queue that never drains still stays small
                s.head = 0
            }
            if let waiter = s.waiting.removeValue(forKey: id) { return waiter }
        }
        return nil
    }

    /// Ends the consumer's loop once the waiting writes are taken.
    func close() {
        let consumer = state.withLock { s -> CheckedContinuation<Request?, Never>? in
            s.closed = true
            defer { s.consumer = nil }
            return s.consumer
        }
        consumer?.resume(returning: nil)
    }

    private func startTimer(id: UInt64, deadline: ContinuousClock.Instant) {
        // Detached: a timer must not run on the writer's thread, which may be the one waiting.
        let timer = Task.detached { [weak self] in
            do {
                try await Task.sleep(until: deadline, clock: .continuous)
            } catch {
                return  // taken or cancelled first
            }
            self?.leave(id: id, with: StoreError.busy)
        }
        let orphan = state.withLock { s -> Bool in
            guard s.waiting[id] != nil else { return true }
            s.waiting[id]?.timer = timer
            return false
        }
        if orphan { timer.cancel() }
    }

    /// Removes a write that is still waiting and resumes it with `error`.
    private func leave(id: UInt64, with error: any Error) {
        guard let waiter = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
        waiter.timer?.cancel()
        waiter.request.grant.resume(throwing: error)
    }
}
