import SCIM
import Store

/// Why a user has (or has not) synced: `scimctl diagnose KEY` and `GET /admin/v1/diagnose?user=KEY`.
///
/// Every key is always present (null or an empty list when it does not apply), so scripts can
/// read the JSON without checking for keys; `status` says which parts apply.
public struct UserDiagnosis: Encodable, Sendable {
    /// What scimd knows about the key.
    public enum Status: String, Encodable, Sendable {
        /// A stored user: rules, assignment, errors and log apply.
        case known
        /// Never stored, but requests naming it were refused: `refusal` holds the newest reason.
        case refused
        /// Nothing stored and nothing logged: `checklist` says what to check at the identity provider.
        case neverReceived
        /// Not stored now, but the log names it without a refusal (deleted, or renamed since).
        case notStored
        /// The key is an email several users share: `candidates` lists them.
        case ambiguous
    }

    /// The stored user the diagnosis is about.
    public struct User: Encodable, Sendable, Equatable {
        public var id: String
        public var userName: String
        @Nullable public var externalId: String?
        /// `scim` (provisioned by the identity provider) or `local` (created in scimd).
        public var source: String
        public var active: Bool
        /// How the key matched: `id`, `userName`, `externalId` or `email`.
        public var matchedBy: String
    }

    /// A role the user holds and where it comes from.
    public struct Role: Encodable, Sendable, Equatable {
        public var role: String
        public var mapping: Int64
        public var group: String
    }

    /// The organization the user is in and, when a current mapping explains it, which one.
    public struct Organization: Encodable, Sendable, Equatable {
        public var name: String
        @Nullable public var mapping: Int64?
        @Nullable public var group: String?
        @Nullable public var priority: Int?
    }

    /// The user's effective assignment as last computed.
    public struct Assignment: Encodable, Sendable, Equatable {
        /// True while the user is inactive: the assignment is kept but grants nothing.
        public var suspended: Bool
        /// True while the user is out of sync scope: roles and organization are not updated.
        public var frozen: Bool
        /// Why the assignment is frozen (the failed rules), or null.
        @Nullable public var outOfScope: String?
        public var roles: [Role]
        @Nullable public var organization: Organization?
    }

    /// An open mapping error touching the user, with what fixes it.
    public struct MappingProblem: Encodable, Sendable, Equatable {
        public var kind: MappingKind
        public var group: String
        public var target: String
        @Nullable public var mapping: Int64?
        public var reason: String
        public var remedy: String
        public var logEntry: Int64
    }

    /// One user an ambiguous email names.
    public struct Candidate: Encodable, Sendable, Equatable {
        public var id: String
        public var userName: String
    }

    public var key: String
    public var tenant: String
    public var status: Status
    /// One sentence: the answer to "why hasn't this user synced?".
    public var summary: String
    @Nullable public var user: User?
    /// In scope under the current rules; null unless `known`.
    @Nullable public var eligible: Bool?
    /// One line per rule of the current scope rules, evaluated now against the stored user.
    public var rules: [ScopeCheck]
    @Nullable public var assignment: Assignment?
    public var errors: [MappingProblem]
    /// The newest refusal of a create or replace naming the key, when the user is not stored.
    @Nullable public var refusal: String?
    /// The newest sync-log entries about the user (by id and by name), newest first.
    public var log: [LogEntrySummary]
    public var candidates: [Candidate]
    /// What to check at the identity provider, for a user never received.
    public var checklist: [String]
}
