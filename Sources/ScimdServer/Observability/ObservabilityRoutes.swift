import Foundation
import Hummingbird
import Metrics
import NIOCore
import Prometheus
import Provisioning
import Store
import Synchronization

/// `/health`, `/ready` and `/metrics`, for load balancers, Kubernetes probes and Prometheus
/// (docs/operations.md). None needs a SCIM token; `/metrics` takes `--metrics-token` when set.
struct ObservabilityRoutes {
    let services: ProvisioningServices
    let configuration: ServerConfiguration
    let registry: PrometheusCollectorRegistry

    /// A write holding the writer longer than this makes `/ready` fail: no healthy write takes
    /// it (writes are bounded by the lock timeout and run in milliseconds).
    static let wedgedWriterAfter: Duration = .seconds(30)

    func addRoutes(to router: Router<ScimdRequestContext>) {
        // The process is up and serving HTTP; nothing else is checked (a liveness probe).
        router.get("/health") { _, _ -> Response in
            Self.json(.ok, #"{"status":"ok"}"#)
        }
        // Worth sending traffic to: the database answers at the current schema and the writer
        // is moving (a readiness probe). 503 names what is wrong.
        router.get("/ready") { _, _ -> Response in
            let health = await services.store.health()
            var problems: [String] = []
            if let error = health.error { problems.append("the database cannot be read: \(error)") }
            if let version = health.schemaVersion, version != health.expectedSchemaVersion {
                problems.append("the database schema is version \(version), this scimd expects \(health.expectedSchemaVersion)")
            }
            if let busy = health.writerBusyFor, busy > Self.wedgedWriterAfter {
                problems.append("one write has held the writer for \(busy.components.seconds) s")
            }
            guard problems.isEmpty else {
                return Self.json(.serviceUnavailable, #"{"status":"unavailable","problems":[\#(problems.map(Self.quoted).joined(separator: ","))]}"#)
            }
            return Self.json(.ok, #"{"status":"ready","schemaVersion":\#(health.expectedSchemaVersion)}"#)
        }
        router.get("/metrics") { request, _ -> Response in
            if let token = configuration.metricsToken {
                guard let given = BearerToken.secret(in: request.headers), SecretComparison.matches(given, token) else {
                    var headers = HTTPFields()
                    headers[.wwwAuthenticate] = #"Bearer realm="scimd metrics""#
                    return Response(status: .unauthorized, headers: headers)
                }
            }
            await updateGauges()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    /// Values read at scrape time rather than counted: open mapping errors per tenant and kind.
    private func updateGauges() async {
        guard let counts = try? await services.store.read({ try await $0.mappingErrorCounts() }) else { return }
        for (tenant, kind, count) in counts {
            Gauge(label: "scimd_open_mapping_errors", dimensions: [("tenant", tenant), ("kind", kind.rawValue)]).record(count)
        }
        // A tenant whose errors were all fixed reads 0, not its last value.
        let open = Set(counts.map { "\($0.tenant)\u{0}\($0.kind.rawValue)" })
        ObservabilityRoutes.reported.withLock { reported in
            for key in reported.subtracting(open) {
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                if parts.count == 2 { Gauge(label: "scimd_open_mapping_errors", dimensions: [("tenant", parts[0]), ("kind", parts[1])]).record(0) }
            }
            reported = open.union(reported)
        }
    }

    private static let reported = Mutex(Set<String>())

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func quoted(_ text: String) -> String { JSONLogHandler.quoted(text) }
}
