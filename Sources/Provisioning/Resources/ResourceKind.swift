import SCIM
import Store

/// The two SCIM resource types scimd serves.
public enum ResourceKind: String, Sendable, CaseIterable {
    case user = "User"
    case group = "Group"

    /// The endpoint segment, e.g. "Users".
    public var endpoint: String { rawValue + "s" }

    /// The attribute that names a resource in logs and uniqueness errors.
    public var nameAttribute: String { self == .user ? "userName" : "displayName" }

    /// The resource type for an endpoint segment, case-insensitively.
    public init?(endpoint: String) {
        guard let kind = Self.allCases.first(where: { attributeNamesEqual($0.endpoint, endpoint) }) else { return nil }
        self = kind
    }
}

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

/// `If-Match` / `If-None-Match` preconditions of a request (RFC 7644 §3.14).
public struct Preconditions: Sendable {
    public var ifMatch: String?
    public var ifNoneMatch: String?
    public init(ifMatch: String? = nil, ifNoneMatch: String? = nil) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
    }

    /// The weak ETag of a version.
    public static func etag(version: Int64) -> String { "W/\"\(version)\"" }

    /// True when `header` (a list of ETags or `*`) names `etag`, comparing weakly.
    public static func matches(_ header: String, etag: String) -> Bool {
        let target = strip(etag)
        return header.split(separator: ",").contains {
            let tag = $0.trimmingCharacters(in: .whitespaces)
            return tag == "*" || strip(tag) == target
        }
    }

    private static func strip(_ tag: String) -> String {
        var t = Substring(tag)
        if t.hasPrefix("W/") || t.hasPrefix("w/") { t = t.dropFirst(2) }
        return String(t)
    }

    /// Throws 412 when `If-Match` is given and names another version.
    func check(version: Int64) throws(SCIMError) {
        if let ifMatch, !Self.matches(ifMatch, etag: Self.etag(version: version)) {
            throw .preconditionFailed("The resource has changed (current version \(Self.etag(version: version))); read it again")
        }
    }
}

import Foundation
