/// What a mapping grants.
public enum MappingKind: String, Sendable, Hashable, CaseIterable {
    case role
    case organization
}
