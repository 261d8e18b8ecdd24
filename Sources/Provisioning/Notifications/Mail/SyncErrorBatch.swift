/// The failures a `sync.errors` notification tells the administrator about (requirements §8:
/// the errors-only digest), as the deliverer collects them from failure sync-log entries.
public struct SyncErrorBatch: Sendable, Equatable {
    public var tenant: String
    public var failures: [Failure]

    /// One failed operation.
    public struct Failure: Sendable, Equatable {
        /// RFC 3339, as the sync log's `time`.
        public var time: String
        /// The user or group it was about (`userName` / `displayName`), when known.
        public var resource: String?
        /// The sync-log entry's message.
        public var message: String
        /// What to do about it, when scimd knows (a mapping error's remedy).
        public var remedy: String?

        public init(time: String, resource: String? = nil, message: String, remedy: String? = nil) {
            self.time = time
            self.resource = resource
            self.message = message
            self.remedy = remedy
        }
    }

    public init(tenant: String, failures: [Failure]) {
        self.tenant = tenant
        self.failures = failures
    }
}
