import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// A TLS client connection to scimd on 127.0.0.1 that offers exactly the TLS versions (and,
/// if given, the TLS 1.2 cipher suites) a test names, and trusts only the test's certificate.
/// `open` returns after the handshake, or throws the handshake's error.
final class TLSConnection: Sendable {
    let channel: any Channel
    private let received: Received

    /// The TLS version and the server's certificate agreed in the handshake.
    let version: TLSVersion?
    let peerCertificate: NIOSSLCertificate?

    struct HandshakeFailed: Error, CustomStringConvertible {
        let reason: String
        var description: String { "TLS handshake failed: \(reason)" }
    }

    private init(channel: any Channel, received: Received, version: TLSVersion?, peerCertificate: NIOSSLCertificate?) {
        self.channel = channel
        self.received = received
        self.version = version
        self.peerCertificate = peerCertificate
    }

    static func open(
        port: Int, trusting caFile: String, versions: (lowest: TLSVersion, highest: TLSVersion) = (.tlsv12, .tlsv13), cipherSuites: String? = nil
    ) async throws -> TLSConnection {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = versions.lowest
        configuration.maximumTLSVersion = versions.highest
        configuration.trustRoots = .file(caFile)
        if let cipherSuites { configuration.cipherSuites = cipherSuites }
        let context = try NIOSSLContext(configuration: configuration)
        let received = Received()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = try NIOSSLClientHandler(context: context, serverHostname: "localhost")
                    try channel.pipeline.syncOperations.addHandlers([handler, Collector(received)])
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let deadline = ContinuousClock.now + .seconds(10)
        while case .pending = received.handshake, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        switch received.handshake {
        case .pending:
            try? await channel.close()
            throw HandshakeFailed(reason: "no answer within 10 seconds")
        case .failed(let reason):
            try? await channel.close()
            throw HandshakeFailed(reason: reason)
        case .done(let version, let peer):
            return TLSConnection(channel: channel, received: received, version: version, peerCertificate: peer)
        }
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything the server has sent so far, decrypted.
    var text: String { received.text }

    /// Waits for one whole response after the first `skip` bytes; nil if none came within `limit`.
    func waitForResponse(after skip: Int = 0, within limit: Duration) async throws -> RawResponse? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let response = RawResponse(parsing: String(decoding: Array(received.text.utf8.dropFirst(skip)), as: UTF8.self)) {
                return response
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Sends `GET path` with the bearer token on this connection (kept alive) and waits for the answer.
    func get(_ path: String, token: String) async throws -> RawResponse? {
        let skip = received.text.utf8.count
        try await send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(token)\r\n\r\n")
        return try await waitForResponse(after: skip, within: .seconds(10))
    }

    var isOpen: Bool { channel.isActive }

    /// Waits until the server has closed the connection; false if it is still open after `limit`.
    func waitForClose(within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while channel.isActive {
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    func close() async {
        try? await channel.close()
    }

    enum Handshake: Sendable {
        case pending, failed(String)
        case done(TLSVersion?, NIOSSLCertificate?)
    }

    private final class Received: Sendable {
        private let state = Mutex<(bytes: [UInt8], handshake: Handshake)>(([], .pending))
        func append(_ buffer: ByteBuffer) { state.withLock { $0.bytes += buffer.readableBytesView } }
        var text: String { state.withLock { String(decoding: $0.bytes, as: UTF8.self) } }
        var handshake: Handshake {
            get { state.withLock { $0.handshake } }
            set {
                state.withLock { state in
                    if case .pending = state.handshake { state.handshake = newValue }
                }
            }
        }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: Received
        init(_ received: Received) { self.received = received }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(unwrapInboundIn(data))
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            // Read now: a server that answers and closes at once (a 503) removes the handler soon.
            if case .handshakeCompleted? = event as? TLSUserEvent {
                let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
                received.handshake = .done(handler?.tlsVersion, handler?.peerCertificate)
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            received.handshake = .failed(String(describing: error))
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            received.handshake = .failed("connection closed")
            context.fireChannelInactive()
        }
    }
}
