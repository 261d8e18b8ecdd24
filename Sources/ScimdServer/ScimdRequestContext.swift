import Hummingbird
import Logging
import NIOCore
import Provisioning
import Store

/// Per-request state: the correlation id every response and sync-log entry carries, and the
/// peer address for the log.
public struct ScimdRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by the correlation middleware from `client-request-id` / `X-Request-ID`, or generated.
    public var correlationID: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address, for the sync log.
    var sourceAddress: String? { remoteAddress?.ipAddress }
}
