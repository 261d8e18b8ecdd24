import Foundation

/// A few threads of the store's own, entered through `withTaskExecutorPreference`.
///
/// SQLite calls block: a statement runs to completion, and while another process holds the
/// write lock the busy handler sleeps inside `sqlite3_step`. On Swift's cooperative pool (one
/// thread per core) two such calls would stall every task in the process, HTTP included. Tasks
/// that run a transaction prefer this executor instead, so the blocking happens here and the
/// cooperative threads stay free. See docs/decisions/0004-sqlite-threads.md.
///
/// Threads start on demand up to `maxThreads` and exit once `stop()` was called and no job is
/// left. Jobs run in arrival order; with one thread this is a serial queue.
final class SQLiteThreads: TaskExecutor, @unchecked Sendable {
    let name: String
    let maxThreads: Int
    // NSCondition rather than Mutex: idle threads must sleep until a job arrives.
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    private var stopped = false

    init(name: String, maxThreads: Int) {
        self.name = name
        self.maxThreads = max(1, maxThreads)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        // A job nobody is free to take gets a new thread, up to the limit. After stop() a late
        // job still runs: the last thread may just have exited.
        let spawn = jobs.count - head > idle && threads < maxThreads
        if spawn { threads += 1 } else { condition.signal() }
        condition.unlock()
        if spawn { startThread(number: threads) }
    }

    /// Lets the threads exit once the queue is empty (the store is gone).
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func startThread(number: Int) {
        // The thread keeps the executor alive until it exits.
        let thread = Thread { self.run() }
        thread.name = maxThreads == 1 ? name : "\(name)-\(number)"
        // SQLite recurses on deep expressions and transaction bodies render JSON; the size of
        // a main thread's stack, not Foundation's 512 KiB default on some platforms.
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func run() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == jobs.count && !stopped {
                idle += 1
                condition.wait()
                idle -= 1
            }
            if head == jobs.count {
                threads -= 1
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
