import Store

/// Maps a group (by displayName or externalId) to a role or an organization. A target that does
/// not exist yet is allowed: `targetExists` in the result says so, and its users carry an error
/// until it is created.
public struct AddMapping: AdminOperation, Decodable {
    public var kind: MappingKind
    public var group: String
    public var target: String
    /// Organization mappings: the lowest number wins when a user is in several mapped groups.
    public var priority: Int

    public static let defaultPriority = 100

    public init(kind: MappingKind, group: String, target: String, priority: Int = defaultPriority) {
        self.kind = kind
        self.group = group
        self.target = target
        self.priority = priority
    }

    private enum CodingKeys: String, CodingKey { case kind, group, target, priority }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let kind = MappingKind(rawValue: try container.decode(String.self, forKey: .kind)) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "must be 'role' or 'organization'")
        }
        self.kind = kind
        group = try container.decode(String.self, forKey: .group)
        target = try container.decode(String.self, forKey: .target)
        priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? Self.defaultPriority
    }

    public func perform(_ context: AdminContext) async throws -> MappingSummary {
        let info = try context.requestInfo()
        let mappings = context.services.mappings
        let mapping = try await mappings.addMapping(kind: kind, group: group, target: target, priority: priority, info: info)
        let catalogue = try await MappingSummary.Catalogue.current(mappings, tenant: info.tenant)
        return MappingSummary(mapping, catalogue: catalogue)
    }
}
