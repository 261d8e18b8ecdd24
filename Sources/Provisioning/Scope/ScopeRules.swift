import SCIM

/// A tenant's sync scope (requirements §5): the attributes every pushed user must have, and the
/// inclusion criteria a user must all meet to receive roles and an organization.
///
/// Stored as one JSON document per tenant (`{"required": [...], "criteria": {...}}`); a tenant
/// without one uses `defaults`.
public struct ScopeRules: Sendable, Hashable, Codable {
    /// SCIM attribute paths (RFC 7644 §3.10), as the administrator wrote them, in order.
    public var required: [String]
    /// The configured inclusion criteria; a criterion that is absent admits everyone.
    public var criteria: [ScopeCriterion: AllowedValues]

    public init(required: [String] = [], criteria: [ScopeCriterion: AllowedValues] = [:]) {
        self.required = required
        self.criteria = criteria
    }

    /// Either part may be left out of a document: no requirement, no criterion.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        required = try container.decodeIfPresent([String].self, forKey: .required) ?? []
        criteria = try container.decodeIfPresent([ScopeCriterion: AllowedValues].self, forKey: .criteria) ?? [:]
    }

    /// What new tenants and the `default` tenant start with: a work email (any email when none
    /// is typed work), a given name and a family name — what the applications behind an
    /// identity provider need to create an account.
    public static let defaults = ScopeRules(
        required: [#"emails[type eq "work"].value"#, "name.givenName", "name.familyName"])

    /// No requirement and no criterion: every user is in scope.
    public static let unrestricted = ScopeRules()

    /// True when a group membership change can move a user in or out of scope.
    public var dependsOnGroups: Bool { criteria[.group] != nil }

    /// The criteria in the order they are checked and shown.
    public var orderedCriteria: [(ScopeCriterion, AllowedValues)] {
        ScopeCriterion.allCases.compactMap { criterion in criteria[criterion].map { (criterion, $0) } }
    }
}

/// An inclusion criterion over one user property (requirements §5).
public enum ScopeCriterion: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// The core `userType`.
    case userType
    /// The enterprise extension's `department`.
    case department
    /// The work address's `locality`; without one, the enterprise `division`, then `organization`.
    case office
    /// The domain of the user's primary and work emails (of every email when none is either).
    case domain
    /// Membership of a group named by displayName or externalId.
    case group

    /// Where the value comes from, as docs and the diagnostic say it.
    public var source: String {
        switch self {
        case .userType: return "userType"
        case .department: return "\(EnterpriseUser.schemaID):department"
        case .office: return #"addresses[type eq "work"].locality, else enterprise division, else organization"#
        case .domain: return "the domain of the primary or work email"
        case .group: return "member of a group (displayName or externalId)"
        }
    }
}

/// The values a criterion admits: any value at all (`all`, including values first seen later)
/// or one of a set, compared case-insensitively.
public enum AllowedValues: Sendable, Hashable, Codable, CustomStringConvertible {
    case all
    case values([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), caseFold(text) == "all" {
            self = .all
        } else {
            self = .values(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("all")
        case .values(let values): try container.encode(values)
        }
    }

    /// True if one of the user's values is admitted. `all` needs a value, whatever it is: a
    /// user with no department does not meet `department all`.
    public func admits(any userValues: [String]) -> Bool {
        switch self {
        case .all: return !userValues.isEmpty
        case .values(let allowed):
            let folded = Set(allowed.map(caseFold))
            return userValues.contains { folded.contains(caseFold($0)) }
        }
    }

    public var description: String {
        switch self {
        case .all: return "all"
        case .values(let values): return "[" + values.joined(separator: ", ") + "]"
        }
    }
}

/// The enterprise User extension (RFC 7643 §4.3), which holds department and division.
enum EnterpriseUser {
    static let schemaID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
}
