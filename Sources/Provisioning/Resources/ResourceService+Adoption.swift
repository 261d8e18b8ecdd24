import SCIM
import Store

extension ResourceService {
    /// The attribute name a source change is logged under (the scimd extension's `source`).
    static let sourceAttribute = ScimdExtension.schemaID + ":source"

    /// A SCIM write (PUT or PATCH, RFC 7644 §3.5) to a local user: the identity provider now
    /// manages it, typically because Entra matched an existing account by userName and updated
    /// it. The write is applied and the user is adopted (source `scim`, requirements §9), with
    /// the source change in the write's log entry; from then on local changes to it are refused.
    func adoptIfLocal(_ existing: ResourceRecord, tx: any StoreTransaction, changes: inout [AttributeChange]) async throws {
        guard existing.source == .local else { return }
        try await tx.setResourceSource(seq: existing.seq, .scim, nowMs: clock.nowMs())
        changes.append(
            AttributeChange(
                attribute: Self.sourceAttribute, old: .string(ResourceSource.local.rawValue), new: .string(ResourceSource.scim.rawValue)))
    }
}
