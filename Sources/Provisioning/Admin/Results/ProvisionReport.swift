import SCIM

/// What provisioning one payload on demand did, or would do with `dryRun`: four steps
/// (`import`, `scope`, `match`, `action`), each with a status and one sentence, the scope
/// checks, the matched resource and the attribute changes old → new. Every key is always
/// present (null or empty when it does not apply).
public struct ProvisionReport: Encodable, Sendable {
    public enum StepStatus: String, Encodable, Sendable {
        case success, failure, skipped
    }

    /// One step of the run.
    public struct Step: Encodable, Sendable, Equatable {
        /// `import`, `scope`, `match` or `action`.
        public var step: String
        public var status: StepStatus
        public var detail: String
    }

    /// The existing resource the payload matched, and by which attribute.
    public struct Match: Encodable, Sendable, Equatable {
        public var id: String
        /// `externalId`, `userName` or `displayName`.
        public var by: String
    }

    /// What the run did (or would do): `create`, `update` or `skip`.
    public enum Action: String, Encodable, Sendable {
        case create, update, skip
    }

    public var dryRun: Bool
    /// `User` or `Group`, from the payload's `schemas`.
    public var resourceType: String
    /// The payload's userName or displayName.
    @Nullable public var name: String?
    public var action: Action
    public var steps: [Step]
    /// The scope rules evaluated against the payload (users only).
    public var checks: [ScopeCheck]
    @Nullable public var matched: Match?
    /// `[{attribute, old, new}]` and, for groups, `{attribute: "members", added, removed}`.
    public var changes: SCIMValue
    /// The resource's id: the matched one, or the new one after a real create.
    @Nullable public var resourceId: String?
    /// The sync-log operation of the entry a real run wrote (`provision-on-demand`); null for a dry run.
    @Nullable public var operation: String?
    /// That entry's sequence number (`scimctl log`), or null.
    @Nullable public var logEntry: Int64?
    public var correlationId: String
}
