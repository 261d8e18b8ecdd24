/// How many entries of a period share a resource type, operation, `details.write` and status.
public struct ReportWriteCount: Sendable, Hashable {
    public var resourceType: String?
    public var operation: String
    /// The write an entry named after its origin stands for (`details.write`).
    public var write: String?
    public var status: SyncStatus
    public var count: Int

    public init(resourceType: String?, operation: String, write: String?, status: SyncStatus, count: Int) {
        self.resourceType = resourceType
        self.operation = operation
        self.write = write
        self.status = status
        self.count = count
    }
}
