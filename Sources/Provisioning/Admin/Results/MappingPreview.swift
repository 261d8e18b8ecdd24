import Store

/// What adding a mapping would do, before it is saved: `scimctl`/`POST /admin/v1/mappings/preview`
/// and the console's "312 users will gain role Admin".
public struct MappingPreview: Encodable, Sendable, Equatable {
    public var kind: MappingKind
    public var group: String
    public var target: String
    public var priority: Int
    /// Whether the role or organization exists; without it members get an error, not the target.
    public var targetExists: Bool
    /// True when this exact mapping exists already: saving would be refused.
    public var duplicate: Bool
    /// Users in the group(s) the mapping names.
    public var members: Int
    /// Users who would gain the role, or move to the organization.
    public var gaining: Int
    /// Members out of sync scope, whose assignment is not updated.
    public var outOfScope: Int
    /// Members who would get an "Unable to …" mapping error.
    public var failing: Int
    /// Organization mappings: members whose organization a mapping with precedence decides.
    public var overridden: Int
    /// One sentence for a person.
    public var summary: String
}
