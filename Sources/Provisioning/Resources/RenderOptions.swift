import SCIM

/// What a read must assemble beyond the stored body.
public struct RenderOptions: Sendable {
    /// Load group `members` (Entra reads groups with `excludedAttributes=members`).
    public var members: Bool
    /// Load a user's `groups`.
    public var groups: Bool
    /// Load a user's effective roles and organization (the scimd extension, returned on request).
    public var assignments: Bool
    /// Return a group's members beside the object rather than in it, so the HTTP layer can
    /// write 100 000 of them straight into the response instead of building a value for each.
    public var membersSeparately = false

    public init(members: Bool = true, groups: Bool = true, assignments: Bool = true) {
        self.members = members
        self.groups = groups
        self.assignments = assignments
    }

    /// Loads only what `projection` will keep, so a plain read skips the extra queries.
    public init(_ projection: ResponseProjection) {
        self.init(
            members: projection.includes("members"), groups: projection.includes("groups"),
            assignments: projection.includes(ScimdExtension.schemaID))
    }

    public static let all = RenderOptions()
    public static let none = RenderOptions(members: false, groups: false, assignments: false)
}
