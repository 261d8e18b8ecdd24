import Hummingbird
import Logging

/// The outermost middleware: one access-log line per request at `info` and the request metrics
/// by resource type, both with the status actually sent (after every inner middleware has
/// turned errors into responses). The line carries method, route, status, duration, tenant,
/// client and correlation id; never the query string, a header or a body, so no token,
/// secret or filter value reaches the log.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ScimdRequestContext
    let logger: Logger
    let metrics = RequestMetrics()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "(no route)"
        let resource = Self.resource(of: request.uri.path)
        let status = String(response.status.code)
        metrics.record(resource: resource, method: request.method.rawValue, status: status, nanoseconds: elapsed.nanoseconds)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue), "route": .string(route), "status": .string(status),
            "duration_ms": .stringConvertible(elapsed.nanoseconds / 1_000_000),
        ]
        if let tenant = context.identity.tenant { metadata["tenant"] = .string(tenant) }
        if let client = context.identity.client { metadata["client"] = .string(client) }
        if let correlation = response.headers[SCIMErrorMiddleware.requestIDHeader] { metadata["correlation"] = .string(correlation) }
        logger.info("request", metadata: metadata)
        return response
    }

    /// The resource a path is about, a bounded set of label values: `User`, `Group`, `Bulk`,
    /// `Me`, `discovery` (the /scim/v2 schema endpoints), `search`, `admin`, `oauth`, `other`.
    static func resource(of path: String) -> String {
        let parts = leadingComponents(of: path, count: 3)
        if parts.count >= 3, parts[0] == "scim", parts[1] == "v2" {
            switch parts[2].lowercased() {
            case "users": return "User"
            case "groups": return "Group"
            case "bulk": return "Bulk"
            case "me": return "Me"
            case ".search": return "search"
            case "serviceproviderconfig", "schemas", "resourcetypes": return "discovery"
            default: return "other"
            }
        }
        if parts.first == "admin" { return "admin" }
        if parts.first == "oauth" || parts.first == ".well-known" { return "oauth" }
        return "other"
    }

    /// The first `count` non-empty components between slashes, found on the UTF-8 bytes:
    /// splitting the whole path into an array of substrings cost ~20,000 instructions a
    /// request (docs/performance.md, callgrind).
    static func leadingComponents(of path: String, count: Int) -> [Substring] {
        var parts: [Substring] = []
        let bytes = path.utf8
        var start: String.Index?
        var i = bytes.startIndex
        while i < bytes.endIndex, parts.count < count {
            if bytes[i] == UInt8(ascii: "/") {
                if let s = start { parts.append(path[s..<i]) }
                start = nil
            } else if start == nil {
                start = i
            }
            i = bytes.index(after: i)
        }
        if parts.count < count, let s = start { parts.append(path[s..<bytes.endIndex]) }
        return parts
    }
}
