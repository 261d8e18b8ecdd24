import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 child channel with scimd's connection limits around it: the
/// deadlines of `ConnectionDeadlineHandler` on every connection, and an immediate 503 for
/// connections above `--max-connections`.
struct ScimdHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let http1: HTTP1Channel
    let connections: ConnectionCounter
    let metrics: ConnectionMetrics
    let linger: Duration
    /// Set by `ScimdTLSChannel`: a connection above the limit is refused after its TLS handshake.
    var behindTLS = false

    init(responder: @escaping HTTPChannelHandler.Responder, limits: ConnectionDeadlineHandler.Limits, connections: ConnectionCounter, metrics: ConnectionMetrics) {
        // Hummingbird's own idle timeout stays off: it counts from the last part read, so a
        // body trickled one byte at a time, or a head that never completes, would never trip it.
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [ConnectionDeadlineHandler(limits: limits, metrics: metrics)]))
        self.connections = connections
        self.metrics = metrics
        self.linger = limits.linger
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            if connections.admit() {
                metrics.open.record(connections.current)
                channel.closeFuture.whenComplete { [connections, metrics] _ in metrics.open.record(connections.release()) }
            } else {
                metrics.refused.increment()
                // A flood must not become a flood of log lines: the first refusal, then every 100th.
                let refused = connections.refused()
                if refused == 1 || refused % 100 == 0 {
                    logger.warning("refused a connection: \(connections.limit) are open (--max-connections); \(refused) refused so far")
                }
                try channel.pipeline.syncOperations.addHandler(ConnectionRefusalHandler(limit: connections.limit, linger: linger.timeAmount, afterTLSHandshake: behindTLS))
            }
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
