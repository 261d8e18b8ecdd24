import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Provisioning
import ServiceLifecycle

/// `scimd serve`: opens the database, prints a token on first start, and serves until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve /scim/v2 over HTTP.",
        discussion: "Each option can also be set with an environment variable (SCIMD_HOST, SCIMD_PORT, SCIMD_DATABASE, "
            + "SCIMD_SCHEMAS, SCIMD_PUBLIC_URL, SCIMD_MAX_BODY_BYTES, SCIMD_LOG_LEVEL, SCIMD_LOG_RETENTION_DAYS, "
            + "SCIMD_HEADER_TIMEOUT, SCIMD_BODY_TIMEOUT, SCIMD_IDLE_TIMEOUT, SCIMD_MAX_CONNECTIONS, SCIMD_SHUTDOWN_TIMEOUT, SCIMD_RECOMPUTE_CHUNK_SIZE, SCIMD_LOCK_TIMEOUT, SCIMD_MAIL_COMMAND, SCIMD_MAIL_FROM, SCIMD_LOG_FORMAT, SCIMD_METRICS_TOKEN, SCIMD_TRUSTED_PROXY, SCIMD_RATE_LIMIT, SCIMD_RATE_BURST, SCIMD_TLS_CERT, SCIMD_TLS_KEY); "
            + "a flag wins over the variable. On an empty database scimd creates the 'default' tenant and prints a new "
            + "SCIM bearer token. Without --public-url, meta.location and Location use the listening address, never the "
            + "request's Host header; behind a proxy, set --public-url.")

    @Option(help: "Address to listen on (SCIMD_HOST). Default 127.0.0.1.")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (SCIMD_PORT). Default 8080.")
    var port: Int?

    @Option(help: "SQLite database file, created if missing (SCIMD_DATABASE). Default ./data/scimd.sqlite.")
    var database: String?

    @Option(help: "Directory of schema JSON files (SCIMD_SCHEMAS). Default: ./schemas or next to the binary.")
    var schemas: String?

    @Option(
        help: ArgumentHelp(
            "SCIM root URL as clients reach it, e.g. https://scim.example.com/scim/v2 (SCIMD_PUBLIC_URL). "
                + "Default: http://HOST:PORT/scim/v2 of the listening address."))
    var publicURL: String?

    @Option(help: "Largest accepted request body in bytes (SCIMD_MAX_BODY_BYTES). Default 1048576.")
    var maxBodyBytes: Int?

    @Option(help: "trace, debug, info, notice, warning, error or critical (SCIMD_LOG_LEVEL). Default info.")
    var logLevel: String?

    @Option(help: "Days to keep sync-log entries; older ones are pruned hourly (SCIMD_LOG_RETENTION_DAYS). Default 90.")
    var logRetentionDays: Int?

    @Option(help: "Seconds a client has to send a request's headers once it has started; then 408 (SCIMD_HEADER_TIMEOUT). Default 10.")
    var headerTimeout: Int?

    @Option(help: "Seconds a client has to send a request's body after its headers; then 408 (SCIMD_BODY_TIMEOUT). Default 30.")
    var bodyTimeout: Int?

    @Option(help: "Seconds an idle kept-alive connection stays open (SCIMD_IDLE_TIMEOUT). Default 120.")
    var idleTimeout: Int?

    @Option(help: "Open connections allowed; more are answered 503 and closed (SCIMD_MAX_CONNECTIONS). Default 512.")
    var maxConnections: Int?

    @Option(help: "Seconds requests in progress may take after SIGTERM before all connections close (SCIMD_SHUTDOWN_TIMEOUT). Default 10.")
    var shutdownTimeout: Int?

    @Option(help: "Users recomputed per transaction after a role, organization or mapping change; more go to a background job (SCIMD_RECOMPUTE_CHUNK_SIZE). Default 500.")
    var recomputeChunkSize: Int?

    @Option(help: "Seconds a write waits for its turn and the database lock before it is answered 503 (SCIMD_LOCK_TIMEOUT). Default 5.")
    var lockTimeout: Int?

    @OptionGroup var operations: OperationsOptions
    @OptionGroup var notifications: NotificationOptions
    @OptionGroup var tls: TLSOptions

    /// The limits given as whole numbers of seconds or connections: flag, variable, and what each sets.
    private var limitOptions: [(flag: String, variable: String, value: Int?, apply: (inout ServerConfiguration, Int) -> Void)] {
        [
            ("--header-timeout", "SCIMD_HEADER_TIMEOUT", headerTimeout, { $0.headerTimeout = .seconds($1) }),
            ("--body-timeout", "SCIMD_BODY_TIMEOUT", bodyTimeout, { $0.bodyTimeout = .seconds($1) }),
            ("--idle-timeout", "SCIMD_IDLE_TIMEOUT", idleTimeout, { $0.idleTimeout = .seconds($1) }),
            ("--max-connections", "SCIMD_MAX_CONNECTIONS", maxConnections, { $0.maxConnections = $1 }),
            ("--shutdown-timeout", "SCIMD_SHUTDOWN_TIMEOUT", shutdownTimeout, { $0.shutdownTimeout = .seconds($1) }),
            ("--recompute-chunk-size", "SCIMD_RECOMPUTE_CHUNK_SIZE", recomputeChunkSize, { $0.recomputeChunkSize = $1 }),
            ("--lock-timeout", "SCIMD_LOCK_TIMEOUT", lockTimeout, { $0.lockTimeout = .seconds($1) }),
        ]
    }

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if let maxBodyBytes, maxBodyBytes < 1024 { throw ValidationError("--max-body-bytes must be at least 1024.") }
        if let logRetentionDays, logRetentionDays < 1 { throw ValidationError("--log-retention-days must be at least 1.") }
        for option in limitOptions where (option.value ?? 1) < 1 {
            throw ValidationError("\(option.flag) must be at least 1.")
        }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
    }

    func resolvedConfiguration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerConfiguration {
        var c = ServerConfiguration()
        c.host = host ?? environment["SCIMD_HOST"] ?? c.host
        if let p = port ?? environment["SCIMD_PORT"].flatMap({ Int($0) }) { c.port = p }
        if environment["SCIMD_PORT"] != nil, port == nil, Int(environment["SCIMD_PORT"] ?? "") == nil {
            throw ValidationError("SCIMD_PORT must be a number.")
        }
        c.databasePath = database ?? environment["SCIMD_DATABASE"] ?? c.databasePath
        c.schemaDirectory = schemas ?? environment["SCIMD_SCHEMAS"]
        c.publicURL = (publicURL ?? environment["SCIMD_PUBLIC_URL"]).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if let m = maxBodyBytes ?? environment["SCIMD_MAX_BODY_BYTES"].flatMap({ Int($0) }) { c.maxBodyBytes = m }
        if let level = (logLevel ?? environment["SCIMD_LOG_LEVEL"]).flatMap({ Logger.Level(rawValue: $0) }) { c.logLevel = level }
        if let days = logRetentionDays ?? environment["SCIMD_LOG_RETENTION_DAYS"].flatMap({ Int($0) }), days >= 1 {
            c.logRetentionDays = days
        }
        try operations.apply(to: &c, environment: environment)
        try notifications.apply(to: &c, environment: environment)
        for option in limitOptions {
            if let value = option.value {
                option.apply(&c, value)
            } else if let text = environment[option.variable] {
                guard let value = Int(text), value >= 1 else {
                    throw ValidationError("\(option.variable) must be a whole number, at least 1.")
                }
                option.apply(&c, value)
            }
        }
        return c
    }

    func run() async throws {
        var resolved = try resolvedConfiguration()
        do throws(TLSSetupError) {
            // Before the database: a first start must not create (and lose) the token, then fail.
            resolved.tls = try tls.context(environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("scimd: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        let configuration = resolved
        // Before anything logs or counts: both systems take one bootstrap per process.
        configuration.logFormat.bootstrap(level: configuration.logLevel)
        _ = ScimdMetrics.registry
        var logger = Logger(label: "scimd")
        logger.logLevel = configuration.logLevel
        let services: ProvisioningServices
        do {
            services = try await ProvisioningServices.open(
                database: configuration.databasePath, schemaDirectory: configuration.schemaDirectory,
                lockTimeout: configuration.lockTimeout, durability: configuration.durability,
                writeBatch: configuration.writeBatch, logger: logger, recomputeChunkSize: configuration.recomputeChunkSize,
                cursorTimeoutSeconds: configuration.cursorTimeoutSeconds)
        } catch {
            FileHandle.standardError.write(Data("scimd: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let firstToken: TokenAdministration.Issued?
        if try await services.tenants.ensureDefaultTenant() != nil {
            firstToken = try await services.tokenAdministration.createToken(name: "initial")
        } else {
            firstToken = nil
        }
        let pruner = SyncLogPruner(
            syncLog: services.syncLog, events: services.events, retentionDays: configuration.logRetentionDays, interval: .seconds(3600), logger: logger,
            notifications: services.notifications,
            consoleSessions: ConsoleSessions(
                services: services, idleSeconds: configuration.consoleIdleSeconds, lifetimeSeconds: configuration.consoleSessionSeconds))
        var additionalServices: [any Service] = [pruner, try deliverer(configuration, services: services, logger: logger)]
        if let tls = configuration.tls { additionalServices.append(await TLSReloadService(tls: tls, logger: logger)) }
        let app = buildApplication(
            configuration: configuration, services: services, logger: logger, additionalServices: additionalServices
        ) { port in
            let base = configuration.publicURL ?? "\(configuration.scheme)://\(configuration.host):\(port)/scim/v2"
            var lines = [
                "scimd listening: SCIM base URL \(base)", "console: \(ConsoleRoutes.consoleURL(scimBase: base))", configuration.databaseLine,
            ]
            if let firstToken {
                lines.append("Created tenant 'default'. Its SCIM bearer token (shown once, store it now):")
                lines.append(firstToken.secret)
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        if configuration.publicURL == nil, ServerConfiguration.wildcardHosts.contains(configuration.host) {
            logger.warning(
                "no --public-url: resource locations use the address each client connected to; set --public-url to the URL clients use")
        }
        // The connections enforce --shutdown-timeout themselves; this only escalates to task
        // cancellation should anything else (a pruning batch, a store call) outlast it.
        var group = ServiceGroupConfiguration(services: [app], logger: logger)
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        group.maximumGracefulShutdownDuration = configuration.shutdownTimeout + .seconds(5)
        try await ServiceGroup(configuration: group).run()
        await services.checkpoint()
    }

    /// The deliverer with the webhook channel and, when the mail settings are usable, the mail one.
    private func deliverer(_ configuration: ServerConfiguration, services: ProvisioningServices, logger: Logger) throws -> NotificationDeliverer {
        var settings = NotificationDeliverer.Settings()
        if let timeout = configuration.notifyTimeout { settings.timeout = timeout }
        if let lease = configuration.notifyLease { settings.leaseMs = lease.milliseconds }
        var deliverer = NotificationDeliverer(services: services, settings: settings, logger: logger)
        guard let from = configuration.mailFrom ?? ServerConfiguration.defaultMailFrom else {
            logger.warning("no usable From address for mail notifications; set --mail-from to send them")
            return deliverer
        }
        let channel = EmailChannel(
            transport: try SendmailTransport(command: configuration.mailCommand), from: from, notifications: services.notifications)
        deliverer.register(channel, for: .email)
        deliverer.register(channel, for: .welcome)
        return deliverer
    }
}
