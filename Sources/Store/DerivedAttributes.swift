import SCIM

/// Attributes a resource shows that the store keeps in its own tables rather than in the JSON
/// body: computed attributes of an extension (from the `assignments` table) and group
/// memberships (the `group_members` table). The service layer, which owns what they mean, gives
/// them to the store when it opens it; the store only knows how to read its tables, so a filter
/// on them compiles to those tables (RFC 7644 §3.4.2.2) and they render from the same rule.
public struct DerivedAttributes: Sendable, Hashable {
    /// Extension attributes computed from a user's assignment.
    public var computed: [ComputedAttribute]
    /// The attributes that list group memberships; nil when the store is told of none.
    public var memberships: MembershipAttributes?

    /// Computed attributes and memberships; by default none of either.
    public init(computed: [ComputedAttribute] = [], memberships: MembershipAttributes? = nil) {
        self.computed = computed
        self.memberships = memberships
    }

    /// Nothing derived: every attribute is read from the body.
    public static let none = DerivedAttributes()

    /// The computed attribute `path` names (its schema URN given and matching), if any.
    func computed(_ path: AttributePath) -> ComputedAttribute? {
        guard let urn = path.schema else { return nil }
        return computed.first { attributeNamesEqual($0.schema, urn) && attributeNamesEqual($0.name, path.name) }
    }

    /// True when `path` is qualified by the URN of a schema whose attributes are computed.
    func isComputedSchema(_ path: AttributePath) -> Bool {
        guard let urn = path.schema else { return false }
        return computed.contains { attributeNamesEqual($0.schema, urn) }
    }
}

/// One extension attribute the store computes from a user's assignment.
public struct ComputedAttribute: Sendable, Hashable {
    /// Where the value comes from.
    public enum Source: Sendable, Hashable {
        /// The assignment's organization: a single string.
        case organization
        /// The assignment's roles: a list of strings.
        case roles
        /// The same string for every user.
        case constant(String)
        /// Who manages the resource, from its own record (`ResourceRecord.source`): "scim" or "local".
        case resourceSource
    }

    /// The extension's schema URN (RFC 7643 §3.3) and the attribute's name in it.
    public var schema: String
    /// The attribute's name in the extension schema.
    public var name: String
    /// Where its value comes from.
    public var source: Source
    /// Whether a suspended assignment (an inactive user's) still supplies the value.
    public var whileSuspended: Bool

    /// A computed attribute; a suspended assignment supplies it unless `whileSuspended` is false.
    public init(schema: String, name: String, source: Source, whileSuspended: Bool = true) {
        self.schema = schema
        self.name = name
        self.source = source
        self.whileSuspended = whileSuspended
    }

    /// The attribute's value for `record`, a user with `assignment`; nil when unassigned (RFC 7643 §2.5).
    public func value(of record: ResourceRecord, assignment: AssignmentRecord?) -> SCIMValue? {
        switch source {
        case .constant(let text): return .string(text)
        case .resourceSource: return .string(record.source.rawValue)
        case .organization, .roles: break
        }
        guard let assignment, whileSuspended || !assignment.suspended else { return nil }
        switch source {
        case .organization: return assignment.organization.map { .string($0) }
        case .roles: return assignment.roles.isEmpty ? nil : .array(assignment.roles.map { .string($0.role) })
        case .constant, .resourceSource: return nil
        }
    }
}

/// Group membership as attributes (RFC 7643 §4.2 `members`, §4.1.2 `groups`): which resource type
/// lists its members under which attribute, and which type lists the groups it belongs to.
public struct MembershipAttributes: Sendable, Hashable {
    /// The resource type that has members.
    public var groupType: String
    /// The group's multi-valued attribute of members.
    public var members: String
    /// The types a member may have.
    public var memberTypes: [String]
    /// The type that lists the groups it is a direct member of.
    public var memberType: String
    /// That type's multi-valued attribute of groups.
    public var groups: String

    /// Memberships between `groupType` (attribute `members`) and `memberType` (attribute `groups`).
    public init(groupType: String, members: String, memberTypes: [String], memberType: String, groups: String) {
        self.groupType = groupType
        self.members = members
        self.memberTypes = memberTypes
        self.memberType = memberType
        self.groups = groups
    }

    /// The attribute a resource of `type` lists memberships under, if any.
    func attribute(of type: String) -> String? {
        if type == groupType { return members }
        if type == memberType { return groups }
        return nil
    }
}
