import Foundation
import SCIM
import Store

extension ScopeRules {
    /// The tenant's rules as stored, or the defaults when none were saved (requirements §5).
    static func current(tenantID: Int64, tx: any StoreTransaction) async throws -> ScopeRules {
        guard let text = try await tx.scopeRules(tenantID: tenantID) else { return .defaults }
        do {
            return try JSONDecoder().decode(ScopeRules.self, from: Data(text.utf8))
        } catch {
            throw StoreError.internalError("the stored scope rules of tenant \(tenantID) cannot be read: \(error)")
        }
    }

    /// The document the store keeps: sorted keys, so equal rules are equal text.
    var storedText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    /// One line per rule, as `scimctl scope show` and the sync log say them.
    public var lines: [String] {
        var lines = required.isEmpty ? ["required: none"] : required.map { "required: \($0)" }
        for (criterion, allowed) in orderedCriteria {
            lines.append(allowed == .all ? "\(criterion.rawValue): all" : "\(criterion.rawValue) in \(allowed)")
        }
        return lines
    }
}
