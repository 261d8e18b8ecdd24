import Hummingbird

/// Puts what a trusted proxy forwarded on the request context (`--trusted-proxy`), so the
/// sync log records the client's address and generated URLs use the scheme and host the
/// client used. Does nothing when no proxy is trusted.
struct ForwardedHeadersMiddleware: RouterMiddleware {
    typealias Context = ScimdRequestContext
    let trusted: [IPNetwork]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        context.forwarded = ForwardedHeaders.read(request.headers, peer: context.remoteAddress?.ipAddress, trusted: trusted)
        return try await next(request, context)
    }
}
