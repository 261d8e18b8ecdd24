import Hummingbird
import Logging
import NIOCore
import Provisioning
import Store

/// Per-request state: the correlation id every response and sync-log entry carries, the
/// peer address for the log, and the local address the connection reached (the base URL
/// when `--public-url` is not set).
public struct ScimdRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public let localAddress: SocketAddress?
    /// Set by the correlation middleware from `client-request-id` / `X-Request-ID`, or generated.
    public var correlationID: String = ""
    /// Who a request to `/admin/v1` was let in as, and its tenant (set by `AdminAuthenticator`).
    public var adminCaller: AdminCaller?
    /// The console session and form a request to `/console` came with (set by `ConsoleSessionMiddleware`).
    var console = ConsoleRequestState()
    /// The tenant and client authentication let the request in as, for the access log.
    public let identity = RequestIdentity()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
    }

    /// What a trusted proxy forwarded (`ForwardedHeadersMiddleware`); nil without one.
    var forwarded: ForwardedHeaders?

    /// The client's IP address, for the sync log: the one a trusted proxy forwarded, else the peer's.
    var sourceAddress: String? { forwarded?.clientAddress ?? remoteAddress?.ipAddress }

    /// The SCIM root for locations in this request's responses: `--public-url`, else the
    /// scheme and host a trusted proxy forwarded, else the listening address.
    func scimBaseURL(_ configuration: ServerConfiguration) -> String {
        let local = configuration.scimBaseURL(localAddress: localAddress)
        guard configuration.publicURL == nil, let forwarded else { return local }
        let localScheme = local.hasPrefix("https://") ? "https" : "http"
        if let host = forwarded.host { return "\(forwarded.scheme ?? localScheme)://\(host)/scim/v2" }
        if let scheme = forwarded.scheme, let colon = local.firstIndex(of: ":") { return scheme + local[colon...] }
        return local
    }
}
