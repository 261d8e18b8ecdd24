import Store

/// The summary of one tenant's sync log over a period (requirements §8): what changed, what was
/// refused and why, what needs the administrator. One JSON shape for `scimctl report --json`,
/// `GET /admin/v1/report` and the scheduler; `ReportText` and `ReportHTML` render it.
public struct SyncReport: Codable, Sendable, Equatable {
    public var tenant: String
    /// The period, `[since, until)`, and when the report was made (RFC 3339).
    public var since: String
    public var until: String
    public var generated: String
    /// Every sync-log entry of the period.
    public var entries: Int
    /// Successful writes, from the identity provider and local edits alike.
    public var users: ResourceCounts
    public var groups: ResourceCounts
    public var assignments: AssignmentChanges
    public var outOfScope: OutOfScope
    public var refusals: Refusals
    /// Open now, whenever they were opened: they need the administrator whatever the period.
    public var openMappingErrors: [OpenMappingError]
    public var failureRate: FailureRate
    /// Most requests first, at most `ReportService.clientLimit`.
    public var clients: [Client]

    public struct ResourceCounts: Codable, Sendable, Equatable {
        public var created = 0
        public var updated = 0
        /// Updates that turned `active` off, and back on (users only).
        public var deactivated = 0
        public var reactivated = 0
        public var deleted = 0
    }

    public struct AssignmentChanges: Codable, Sendable, Equatable {
        public var rolesAssigned: Int
        public var rolesRemoved: Int
        public var organizationMoves: Int
        public var users: Int
    }

    public struct OutOfScope: Codable, Sendable, Equatable {
        public var entries: Int
        public var users: Int
        public var rules: [Rule]

        public struct Rule: Codable, Sendable, Equatable {
            public var rule: String
            public var entries: Int
            public var users: Int
        }
    }

    public struct Refusals: Codable, Sendable, Equatable {
        public var total: Int
        public var causes: [Cause]

        public struct Cause: Codable, Sendable, Equatable {
            @Nullable public var errorCode: String?
            public var count: Int
            /// The newest refusal's message.
            public var example: String
        }
    }

    public struct OpenMappingError: Codable, Sendable, Equatable {
        public var kind: MappingKind
        public var group: String
        public var target: String
        public var reason: String
        @Nullable public var mapping: Int64?
        public var users: Int
        @Nullable public var exampleUser: String?
        public var since: String
        public var remedy: String
    }

    public struct Client: Codable, Sendable, Equatable {
        @Nullable public var client: String?
        public var requests: Int
        public var failures: Int
    }
}
