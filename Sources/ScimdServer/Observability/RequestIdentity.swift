import Synchronization

/// Who a request was let in as, for the access log: the tenant and the client (token or OAuth
/// client name). Authentication fills it in deep inside the middleware chain; the access log,
/// outermost, reads it after the response. A reference, because the request context is a value
/// and each middleware passes its own copy on.
public final class RequestIdentity: Sendable {
    private let state = Mutex<(tenant: String?, client: String?)>((nil, nil))

    public init() {}

    public func record(tenant: String, client: String) {
        state.withLock { $0 = (tenant, client) }
    }

    public var tenant: String? { state.withLock { $0.tenant } }
    public var client: String? { state.withLock { $0.client } }
}
