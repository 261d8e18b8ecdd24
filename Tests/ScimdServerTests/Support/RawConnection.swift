import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A TCP connection to a server on 127.0.0.1 that sends exactly the bytes a test gives it,
/// for the clients an HTTP library will not imitate: a head sent in halves, a body that stops,
/// a connection that sends nothing at all.
final class RawConnection: Sendable {
    let channel: any Channel
    private let received: ReceivedBytes

    private init(channel: any Channel, received: ReceivedBytes) {
        self.channel = channel
        self.received = received
    }

    static func open(port: Int) async throws -> RawConnection {
        let received = ReceivedBytes()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(received)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, received: received)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything the server has sent so far.
    var text: String { received.text }

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

    /// Waits for one whole response (head and `Content-Length` body) after the first `skip`
    /// bytes received; nil if none arrived within `limit`.
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

    func close() async {
        try? await channel.close()
    }

    private final class ReceivedBytes: Sendable {
        private let bytes = Mutex<[UInt8]>([])
        func append(_ buffer: ByteBuffer) { bytes.withLock { $0 += buffer.readableBytesView } }
        var text: String { bytes.withLock { String(decoding: $0, as: UTF8.self) } }
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received: ReceivedBytes
        init(_ received: ReceivedBytes) { self.received = received }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(unwrapInboundIn(data))
        }
    }
}

/// One HTTP/1.1 response as received on a `RawConnection`.
struct RawResponse: Sendable {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: String
    /// Bytes the response took, head and body.
    var length: Int

    init?(parsing text: String) {
        guard let headEnd = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<headEnd.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let contentLength = headers["content-length"].flatMap { Int($0) } ?? 0
        let rest = Array(text[headEnd.upperBound...].utf8)
        guard rest.count >= contentLength else { return nil }
        self.status = status
        self.headers = headers
        self.body = String(decoding: rest.prefix(contentLength), as: UTF8.self)
        self.length = text[..<headEnd.upperBound].utf8.count + contentLength
    }
}

/// Elapsed seconds, for messages and bounds.
extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
