extension SQLiteStore {
    /// How the store waits and how many threads it runs SQLite on.
    public struct Configuration: Sendable {
        /// How long a transaction may wait for the database, for its turn at this process's
        /// writer and for another process's lock together, before it fails with
        /// `StoreError.busy` (503 to a SCIM client).
        public var lockTimeout: Duration = .seconds(5)
        /// How often a connection retries while another process holds the lock it needs.
        public var busyPollInterval: Duration = .milliseconds(1)
        /// After holding the write lock through back-to-back transactions this long, the writer
        /// leaves it free for `fairnessGap`, so another process (scimctl) polling every
        /// `busyPollInterval` gets its turn: SQLite's lock is not fair between processes.
        public var fairnessInterval: Duration = .milliseconds(100)
        /// How long the writer leaves the lock free; longer than one `busyPollInterval`.
        public var fairnessGap: Duration = .milliseconds(3)
        /// Threads that run read transactions; reads beyond this many wait for a free thread.
        public var readerThreads: Int = 4
        /// Reader connections kept open between reads.
        public var maxIdleReaders: Int = 16
        /// Group commit: at most this many queued writes share one transaction (each in its own
        /// SAVEPOINT) and one COMMIT.
        public var maxBatch: Int = 64
        /// A batch takes no more writes once it has been open this long, so the first one's
        /// answer waits at most about this much for the others.
        public var maxBatchDuration: Duration = .milliseconds(5)
        /// What a COMMIT survives (`PRAGMA synchronous`, sqlite.org/pragma.html#pragma_synchronous).
        public var durability: Durability = .normal
        /// Attributes the store keeps in its own tables (computed ones, memberships), which
        /// filters read from there; the service layer says what they are.
        public var derivedAttributes: DerivedAttributes = .none

        public init(
            lockTimeout: Duration = .seconds(5), busyPollInterval: Duration = .milliseconds(1),
            fairnessInterval: Duration = .milliseconds(100), fairnessGap: Duration = .milliseconds(3), readerThreads: Int = 4,
            maxIdleReaders: Int = 16, derivedAttributes: DerivedAttributes = .none, maxBatch: Int = 64,
            maxBatchDuration: Duration = .milliseconds(5), durability: Durability = .normal
        ) {
            self.maxBatch = maxBatch
            self.maxBatchDuration = maxBatchDuration
            self.durability = durability
            self.lockTimeout = lockTimeout
            self.busyPollInterval = busyPollInterval
            self.fairnessInterval = fairnessInterval
            self.fairnessGap = fairnessGap
            self.readerThreads = readerThreads
            self.maxIdleReaders = maxIdleReaders
            self.derivedAttributes = derivedAttributes
        }
    }

    /// What a committed write survives. In WAL mode (sqlite.org/wal.html#performance_considerations):
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous=NORMAL`: a killed process loses nothing committed; a power cut or an
        /// operating-system crash may lose the last transactions (never corrupts the file).
        /// The WAL is synced only at checkpoints.
        case normal
        /// `synchronous=FULL`: the WAL is synced at every COMMIT, so a committed write also
        /// survives a power cut; with group commit that is one fsync per batch, not per request.
        case full
    }
}
