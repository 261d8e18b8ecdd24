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
        var factory = PrometheusMetricsFactory(registry: registry)
        // Writes per group commit (the store's scimd_write_batch_size): its limit is 64.
        factory.valueHistogramBuckets["scimd_write_batch_size"] = [0, 1, 2, 4, 8, 16, 32, 64]
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

/// Builds the HTTP application over a wired service layer: health, readiness, metrics, `/scim/v2`, `/admin/v1` and `/console`.
public func buildApplication(
    configuration: ServerConfiguration, services: ProvisioningServices, logger: Logger,
    additionalServices: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let metrics = ScimdMetrics.registry
    if let rate = configuration.defaultRateLimit {
        services.rateLimiter.setDefaults(perSecond: rate, burst: configuration.defaultRateBurst)
    }
    let router = Router(context: ScimdRequestContext.self)
    // Metrics outermost: it records the status actually sent, after SCIMErrorMiddleware has
    // turned errors into responses (inside it, every thrown 4xx would count as a 500).
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: SCIMErrorMiddleware())
    router.add(middleware: ForwardedHeadersMiddleware(trusted: configuration.trustedProxies))
    ObservabilityRoutes(services: services, configuration: configuration, registry: metrics).addRoutes(to: router)
    SCIMController(services: services, configuration: configuration).addRoutes(to: router)
    AdminRoutes(services: services, configuration: configuration).addRoutes(to: router)
    OAuthRoutes(services: services, configuration: configuration).addRoutes(to: router)
    ConsoleRoutes(services: services, configuration: configuration).addRoutes(to: router)
    let limits = ConnectionDeadlineHandler.Limits(
        header: configuration.headerTimeout, body: configuration.bodyTimeout, idle: configuration.idleTimeout,
        shutdown: configuration.shutdownTimeout)
    let connections = ConnectionCounter(limit: configuration.maxConnections)
    let connectionMetrics = ConnectionMetrics()
    return Application(
        router: router,
        server: HTTPServerBuilder { responder -> any ServerChildChannel in
            let http1 = ScimdHTTP1Channel(responder: responder, limits: limits, connections: connections, metrics: connectionMetrics)
            guard let tls = configuration.tls else { return http1 }
            return ScimdTLSChannel(base: http1, tls: tls)
        },
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "scimd"),
        services: [RecomputeJobRunner(mappings: services.mappings, interval: .milliseconds(500), logger: logger)]
            + additionalServices,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
}
