/// The operations the sync log names.
public enum SyncOperation: String, Sendable, CaseIterable {
    case create, replace, patch, delete, bulk, search
}
