import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import NIOCore
import Prometheus
import Provisioning
import SCIM
import ServiceLifecycle

/// Process-wide metrics: the metrics system can be bootstrapped once per process.
enum ScimdMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

/// Builds the HTTP application over a wired service layer: health, metrics and `/scim/v2`.
public func buildApplication(
    configuration: ServerConfiguration, services: ProvisioningServices, logger: Logger,
    additionalServices: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let metrics = ScimdMetrics.registry
    let router = Router(context: ScimdRequestContext.self)
    // Metrics outermost: it records the status actually sent, after SCIMErrorMiddleware has
    // turned errors into responses (inside it, every thrown 4xx would count as a 500).
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SCIMErrorMiddleware())
    router.get("/health") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
    }
    router.get("/metrics") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
    }
    SCIMController(services: services, configuration: configuration).addRoutes(to: router)
    AdminRoutes(services: services, configuration: configuration).addRoutes(to: router)
    OAuthRoutes(services: services, configuration: configuration).addRoutes(to: router)
    let limits = ConnectionDeadlineHandler.Limits(
        header: configuration.headerTimeout, body: configuration.bodyTimeout, idle: configuration.idleTimeout,
        shutdown: configuration.shutdownTimeout)
    let connections = ConnectionCounter(limit: configuration.maxConnections)
    let connectionMetrics = ConnectionMetrics()
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            ScimdHTTP1Channel(responder: responder, limits: limits, connections: connections, metrics: connectionMetrics)
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "scimd"),
        services: [RecomputeJobRunner(mappings: services.mappings, interval: .milliseconds(500), logger: logger)]
            + additionalServices,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
