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
        /// Attributes the store keeps in its own tables (computed ones, memberships), which
        /// filters read from there; the service layer says what they are.
        public var derivedAttributes: DerivedAttributes = .none

        public init(
            lockTimeout: Duration = .seconds(5), busyPollInterval: Duration = .milliseconds(1),
            fairnessInterval: Duration = .milliseconds(100), fairnessGap: Duration = .milliseconds(3), readerThreads: Int = 4,
            maxIdleReaders: Int = 16, derivedAttributes: DerivedAttributes = .none
        ) {
            self.lockTimeout = lockTimeout
            self.busyPollInterval = busyPollInterval
            self.fairnessInterval = fairnessInterval
            self.fairnessGap = fairnessGap
            self.readerThreads = readerThreads
            self.maxIdleReaders = maxIdleReaders
            self.derivedAttributes = derivedAttributes
        }
    }
}
