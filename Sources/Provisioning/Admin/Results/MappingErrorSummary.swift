import Store

/// An open "Unable to …" error: a mapping that applies to a user but cannot be carried out.
public struct MappingErrorSummary: Encodable, Sendable, Equatable {
    /// The user's userName.
    public var user: String?
    public var kind: MappingKind
    public var group: String
    public var target: String
    /// The mapping it comes from; absent once that mapping was removed.
    public var mapping: Int64?
    public var reason: String
    /// The sync-log entry that reported it (`scimctl log`, `/admin/v1/log`).
    public var logEntry: Int64
    public var since: String

    init(_ record: MappingErrorRecord) {
        user = record.userName
        kind = record.kind
        group = record.groupName
        target = record.targetName
        mapping = record.mappingID
        reason = record.reason
        logEntry = record.logSeq
        since = AdminTime.text(record.createdMs)
    }
}
