import Foundation
import SCIM
import Store

/// Users or Groups of the caller's tenant whose name, display name, external id or email
/// contains what an administrator typed (the console's search box). The text is never parsed
/// as a filter: it becomes the value of `co` / `eq` comparisons (RFC 7644 §3.4.2.2).
public struct SearchResources: AdminOperation {
    public var kind: ResourceKind
    public var text: String
    public var limit: Int

    public init(kind: ResourceKind, text: String, limit: Int = 50) {
        self.kind = kind
        self.text = text
        self.limit = limit
    }

    /// The filter the text becomes; nil for empty text (everything, in creation order). The
    /// text is written as a JSON string literal, so quotes and backslashes in it stay text.
    public func filter() throws(AdminError) -> Filter? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        let literal = SCIMValue.string(trimmed).jsonString
        let terms =
            kind == .user
            ? ["userName co \(literal)", "displayName co \(literal)", "emails.value co \(literal)", "externalId eq \(literal)"]
            : ["displayName co \(literal)", "externalId eq \(literal)"]
        do {
            return try Filter.parse(terms.joined(separator: " or "))
        } catch {
            throw AdminError(.invalid, "The search text cannot be searched for: \(error.detail)")
        }
    }

    public func perform(_ context: AdminContext) async throws -> ResourceListing {
        guard (1...1_000).contains(limit) else { throw AdminError(.invalid, "limit must be between 1 and 1000.") }
        guard text.utf8.count <= 256 else { throw AdminError(.invalid, "The search text is limited to 256 bytes.") }
        let page = try await context.services.resources.query(
            kind, ResourceQuery(filter: try filter(), count: limit), info: try context.requestInfo(),
            options: RenderOptions(members: false, groups: false, assignments: kind == .user))
        return ResourceListing(totalResults: page.totalResults, resources: page.resources.map { .object($0.object) })
    }
}
