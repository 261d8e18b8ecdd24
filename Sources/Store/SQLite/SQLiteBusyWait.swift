import CSQLite
import Foundation

/// How a connection waits while another connection (usually another process) holds a lock it
/// needs: SQLite calls the busy handler, which sleeps `poll` and asks to retry until the wait
/// is over.
///
/// SQLite's own `sqlite3_busy_timeout` handler backs off to 100 ms sleeps. The lock is not
/// fair between processes, so a process that sleeps 100 ms loses every race against scimd's
/// writer, which takes the lock again microseconds after each commit; polling every
/// millisecond finds the gaps between its transactions.
final class SQLiteBusyWait: @unchecked Sendable {
    /// How long one wait may last when no deadline is set.
    var timeout: Duration
    /// Sleep between attempts.
    var poll: Duration
    /// When set, the wait ends here instead (a write's deadline covers its time in the queue).
    var deadline: ContinuousClock.Instant?
    // The end of the wait in progress; SQLite counts attempts per wait from 0.
    private var end = ContinuousClock.now

    init(timeout: Duration, poll: Duration) {
        self.timeout = timeout
        self.poll = poll
    }

    /// Installs this policy as `db`'s busy handler; `self` must outlive the connection.
    func install(on db: OpaquePointer) {
        sqlite3_busy_handler(
            db,
            { context, attempts in
                guard let context else { return 0 }
                let wait = Unmanaged<SQLiteBusyWait>.fromOpaque(context).takeUnretainedValue()
                return wait.shouldRetry(attempts: attempts) ? 1 : 0
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the connection's thread from inside sqlite3: sleeps, then says whether to retry.
    private func shouldRetry(attempts: Int32) -> Bool {
        let now = ContinuousClock.now
        if attempts == 0 { end = deadline ?? now.advanced(by: timeout) }
        guard now < end else { return false }
        Self.sleep(min(poll, end - now))
        return true
    }

    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
