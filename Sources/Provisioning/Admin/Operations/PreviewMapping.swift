import Store

/// The effect of `AddMapping` with the same fields, computed by the assignment engine's own
/// rules without writing anything: how many users would gain the role (or move to the
/// organization), how many are out of scope, how many would get an error instead.
public struct PreviewMapping: AdminOperation, Decodable {
    public var mapping: AddMapping

    public init(_ mapping: AddMapping) { self.mapping = mapping }

    public init(from decoder: any Decoder) throws {
        mapping = try AddMapping(from: decoder)
    }

    public func perform(_ context: AdminContext) async throws -> MappingPreview {
        try await context.services.mappings.previewMapping(
            kind: mapping.kind, group: mapping.group, target: mapping.target, priority: mapping.priority, info: try context.requestInfo())
    }
}
