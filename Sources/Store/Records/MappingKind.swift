/// What a mapping grants.
public enum MappingKind: String, Sendable, Hashable, CaseIterable, Codable {
    case role
    case organization
}
