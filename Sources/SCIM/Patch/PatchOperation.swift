/// One PATCH operation (RFC 7644 §3.5.2). A path-less `remove` cannot be expressed:
/// RFC 7644 §3.5.2.2 requires a path for remove.
public enum PatchOperation: Sendable, Hashable {
    case add(path: AttributePath?, value: SCIMValue)
    case replace(path: AttributePath?, value: SCIMValue)
    case remove(path: AttributePath, value: SCIMValue?)
}
