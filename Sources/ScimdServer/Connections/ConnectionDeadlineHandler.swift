import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import SCIM

/// Read deadlines for one HTTP/1.1 connection, so no client holds it (and the graceful
/// shutdown) for longer than the configured limits. Sits between the HTTP codec and
/// Hummingbird's request handling, so it sees request and response parts:
///
/// - **idle**: no request in progress and nothing of the next one received → closed.
/// - **header**: the first bytes of a request arrived but its head is not complete → 408, closed.
/// - **body**: the head arrived but the body did not end in time → the handler reading the
///   body gets `RequestBodyTimeout` (answered 408); if no answer comes, the connection is closed.
/// - **shutdown**: after the server starts to quiesce (SIGTERM), requests in progress may
///   finish until this deadline; then the connection is closed.
///
/// A response written before its request was read to the end (an early 413, a 401 on a
/// request still uploading, a 408) says `Connection: close` and ends the connection
/// (RFC 9112 §9.6), with a short lingering close so the client reads it instead of a reset.
final class ConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The limits every connection is held to.
    struct Limits: Sendable {
        var header: Duration
        var body: Duration
        var idle: Duration
        var shutdown: Duration
        /// After a response that closes the connection, how long further input is read and dropped.
        var linger: Duration = .seconds(2)
    }

    private enum Deadline { case idle, header, body, bodyAnswer, linger, shutdown }

    private let limits: Limits
    private let metrics: ConnectionMetrics

    /// Requests whose head was read and whose response has not ended.
    private var requestsOpen = 0
    /// When the connection last had no request open.
    private var idleSince = NIODeadline.now()
    /// Bytes of a request head have arrived, but not the whole head.
    private var headStartedAt: NIODeadline?
    /// The latest request's head arrived then; its body has not ended.
    private var bodyStartedAt: NIODeadline?
    /// The body timed out and the handler was told; the connection closes at this time at the latest.
    private var answerBy: NIODeadline?
    /// The response said `Connection: close` and output is shut; input is dropped until then.
    private var lingerUntil: NIODeadline?
    /// The server is shutting down; the connection closes at this time at the latest.
    private var shutdownBy: NIODeadline?
    private var readProducedParts = false
    private var closeAfterResponse = false
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?

    init(limits: Limits, metrics: ConnectionMetrics) {
        self.limits = limits
        self.metrics = metrics
    }

    func handlerAdded(context: ChannelHandlerContext) {
        idleSince = .now()
        reschedule(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    func channelActive(context: ChannelHandlerContext) {
        idleSince = .now()
        reschedule(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimer()
        context.fireChannelInactive()
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After a closing response the rest of the input is drained, not answered.
        guard lingerUntil == nil else { return }
        readProducedParts = true
        let part = unwrapInboundIn(data)
        switch part {
        case .head:
            requestsOpen += 1
            headStartedAt = nil
            bodyStartedAt = .now()
        case .body:
            break
        case .end:
            bodyStartedAt = nil
        }
        context.fireChannelRead(data)
        if case .body = part { return }
        reschedule(context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes that produced no part while no body was being read belong to a head that is
        // not complete yet. (With pipelining, the start of a next head that arrives together
        // with the end of a body goes unnoticed; the idle deadline still bounds it.)
        if !readProducedParts, bodyStartedAt == nil, headStartedAt == nil, lingerUntil == nil {
            headStartedAt = .now()
            reschedule(context)
        }
        readProducedParts = false
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            if shutdownBy == nil { shutdownBy = .now() + limits.shutdown.timeAmount }
            // Nothing to finish: a connection waiting for (or half through) a head closes now.
            if requestsOpen == 0, bodyStartedAt == nil { context.close(promise: nil) } else { reschedule(context) }
        } else if case .inputClosed? = event as? ChannelEvent, lingerUntil != nil || requestsOpen == 0 {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            guard head.status.kind != .informational else { return context.write(data, promise: promise) }
            // The response belongs to the request still being read (or the server is stopping):
            // the connection cannot carry another request after it.
            if requestsOpen <= 1, bodyStartedAt != nil || answerBy != nil || shutdownBy != nil {
                closeAfterResponse = true
            }
            guard closeAfterResponse else { return context.write(data, promise: promise) }
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            requestsOpen = max(0, requestsOpen - 1)
            if requestsOpen == 0 { idleSince = .now() }
            if closeAfterResponse {
                closeAfterResponse = false
                context.writeAndFlush(data, promise: promise)
                startLingering(context)
            } else {
                context.write(data, promise: promise)
                reschedule(context)
            }
        }
    }

    // MARK: Deadlines

    /// The next deadline and what it is for; nil while the application answers a request
    /// that was read completely (its own limits apply: SQLite's busy timeout, the body size).
    private func nextDeadline() -> (NIODeadline, Deadline)? {
        var next: (NIODeadline, Deadline)?
        if let lingerUntil {
            next = (lingerUntil, .linger)
        } else if let answerBy {
            next = (answerBy, .bodyAnswer)
        } else if let bodyStartedAt {
            next = (bodyStartedAt + limits.body.timeAmount, .body)
        } else if requestsOpen > 0 {
            next = nil
        } else if let headStartedAt {
            // A head begun while an earlier response was still being written counts from its end.
            next = (max(headStartedAt, idleSince) + limits.header.timeAmount, .header)
        } else {
            next = (idleSince + limits.idle.timeAmount, .idle)
        }
        if let shutdownBy, next.map({ shutdownBy < $0.0 }) ?? true { next = (shutdownBy, .shutdown) }
        return next
    }

    private func reschedule(_ context: ChannelHandlerContext) {
        guard let (deadline, _) = nextDeadline() else { return cancelTimer() }
        // A check due earlier finds the later deadline itself; avoids a new timer per request.
        if timer != nil, let timerDeadline, timerDeadline <= deadline { return }
        cancelTimer()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.timer = nil
            self.timerDeadline = nil
            self.deadlinePassed(context)
        }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
    }

    private func deadlinePassed(_ context: ChannelHandlerContext) {
        guard context.channel.isActive, let (deadline, kind) = nextDeadline() else { return }
        guard deadline <= .now() else { return reschedule(context) }
        switch kind {
        case .idle:
            metrics.timedOut(.idle)
            context.close(promise: nil)
        case .shutdown:
            metrics.timedOut(.shutdown)
            context.close(promise: nil)
        case .linger, .bodyAnswer:
            context.close(promise: nil)
        case .header:
            metrics.timedOut(.header)
            headStartedAt = nil
            writeTimeout(context, "The request headers did not arrive within \(limits.header.components.seconds) seconds")
        case .body:
            metrics.timedOut(.body)
            bodyStartedAt = nil
            answerBy = .now() + limits.linger.timeAmount
            // Reaches the handler reading the body after the parts already received.
            context.fireErrorCaught(RequestBodyTimeout(timeout: limits.body))
            reschedule(context)
        }
    }

    /// 408 (RFC 9110 §15.5.9) for a request whose head never completed: no handler has it.
    private func writeTimeout(_ context: ChannelHandlerContext, _ detail: String) {
        let error = SCIMError(status: 408, detail: detail)
        let body = RawErrorResponse.body(for: error)
        let head = HTTPResponse(status: .requestTimeout, headerFields: RawErrorResponse.fields(for: error, bodyLength: body.readableBytes))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        startLingering(context)
    }

    /// Shuts output once the response is out, drops further input, and closes on the client's
    /// end of input or after `linger`, whichever is first.
    private func startLingering(_ context: ChannelHandlerContext) {
        context.close(mode: .output, promise: nil)
        lingerUntil = .now() + limits.linger.timeAmount
        cancelTimer()
        reschedule(context)
    }
}
