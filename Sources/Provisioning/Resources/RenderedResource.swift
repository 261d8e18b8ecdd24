import SCIM
import Store

/// A resource ready to send: the full representation plus what the headers need.
public struct RenderedResource: Sendable {
    public var object: SCIMObject
    public var etag: String
    public var location: String
    /// Set when a write answer left out a large group's members (see `ResourceService.patch`).
    public var membersOmitted = false
    /// A group's members when asked for separately (`RenderOptions.membersSeparately`).
    public var members: [MemberReference]?
}
