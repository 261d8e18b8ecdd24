import Foundation
import SCIM

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
