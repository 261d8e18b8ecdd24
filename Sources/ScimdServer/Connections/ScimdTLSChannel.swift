import HummingbirdCore
import Logging
import NIOCore
import NIOSSL

/// `ScimdHTTP1Channel` behind TLS: the TLS handler first, from the context in service when
/// the connection is accepted (so a reload on SIGHUP reaches new connections only), then
/// the connection limit, deadlines and HTTP/1.1 handlers unchanged, reading plaintext.
///
/// Hummingbird's `TLSChannel` does the same with one context fixed at start-up; this one
/// asks `ReloadableTLSContext` for each connection.
struct ScimdTLSChannel: ServerChildChannel {
    typealias Value = ScimdHTTP1Channel.Value

    let base: ScimdHTTP1Channel
    let tls: ReloadableTLSContext

    init(base: ScimdHTTP1Channel, tls: ReloadableTLSContext) {
        var base = base
        base.behindTLS = true
        self.base = base
        self.tls = tls
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.current))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
