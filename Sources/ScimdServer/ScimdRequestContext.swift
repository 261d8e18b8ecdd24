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
    /// The admin token a request to `/admin/v1` was let in with (set by `AdminAuthenticator`).
    public var adminToken: TokenRecord?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        localAddress = source.channel.localAddress
    }

    /// The peer's IP address, for the sync log.
    var sourceAddress: String? { remoteAddress?.ipAddress }

    /// The SCIM root for locations in this request's responses.
    func scimBaseURL(_ configuration: ServerConfiguration) -> String {
        configuration.scimBaseURL(localAddress: localAddress)
    }
}
