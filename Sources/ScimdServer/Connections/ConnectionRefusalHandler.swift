import NIOCore
import NIOTLS
import SCIM

/// Put in front of a connection accepted above `--max-connections`: it answers 503 at once,
/// before any request is read, and closes. The alternative Hummingbird offers (not accepting
/// until a slot frees) leaves clients queued in the listen backlog with no answer at all.
final class ConnectionRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let limit: Int
    /// How long the request the client may already have sent is read and dropped, so it gets
    /// the 503 rather than a reset (RFC 9112 §9.6).
    private let linger: TimeAmount
    /// Behind TLS the answer waits for the handshake: written before it, it would be lost
    /// with the connection, and the client would see a failed handshake instead of a 503.
    private let afterTLSHandshake: Bool
    private var refused = false

    init(limit: Int, linger: TimeAmount, afterTLSHandshake: Bool = false) {
        self.limit = limit
        self.linger = linger
        self.afterTLSHandshake = afterTLSHandshake
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive, !afterTLSHandshake { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !afterTLSHandshake { refuse(context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Nothing on this connection is answered: the HTTP decoder never sees it.
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted? = event as? TLSUserEvent { refuse(context) }
        if case .inputClosed? = event as? ChannelEvent { context.close(promise: nil) }
        context.fireUserInboundEventTriggered(event)
    }

    private func refuse(_ context: ChannelHandlerContext) {
        guard !refused else { return }
        refused = true
        let error = SCIMError.unavailable("The server has \(limit) connections open, its limit; retry shortly")
        context.writeAndFlush(wrapOutboundOut(RawErrorResponse.http1Bytes(for: error)), promise: nil)
        context.close(mode: .output, promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: linger) { context.close(promise: nil) }
    }
}
