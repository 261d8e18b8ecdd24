import Store
import Foundation
import Hummingbird
import Logging
import NIOCore
import Provisioning

/// Everything `scimd serve` can be told, from flags or `SCIMD_*` environment variables.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// A SQLite file's path, or a `postgres://` URL (`--database`, `SCIMD_DATABASE`).
    public var databasePath: String = "./data/scimd.sqlite"
    /// The directory holding the schema JSON files; found automatically when nil.
    public var schemaDirectory: String?
    /// The SCIM root as identity providers reach it (behind a proxy); the listening address when nil.
    public var publicURL: String?
    /// Request bodies above this size get 413 (also advertised as bulk.maxPayloadSize).
    public var maxBodyBytes: Int = 1_048_576
    public var logLevel: Logger.Level = .info
    /// Sync-log entries older than this many days are pruned in the background.
    public var logRetentionDays: Int = 90
    /// From a request's first byte to the end of its headers; then 408 and the connection is closed.
    public var headerTimeout: Duration = .seconds(10)
    /// From the end of a request's headers to the end of its body; then 408 and the connection is closed.
    public var bodyTimeout: Duration = .seconds(30)
    /// How long a kept-alive connection may wait for its next request before it is closed.
    public var idleTimeout: Duration = .seconds(120)
    /// Open connections beyond this are answered 503 and closed at once.
    public var maxConnections: Int = 512
    /// On SIGTERM, how long requests in progress may take before every connection is closed.
    public var shutdownTimeout: Duration = .seconds(10)
    /// Users recomputed per transaction after an administrative change (recompute jobs).
    public var recomputeChunkSize: Int = MappingService.defaultRecomputeChunkSize
    /// How long a write waits for its turn in the writer queue and for SQLite's lock before 503.
    public var lockTimeout: Duration = .seconds(5)
    /// What an answered write survives: a killed process (normal) or also a power cut (full).
    public var durability: SQLiteStore.Durability = .normal
    /// Most writes per group commit; nil keeps the store's default (64).
    public var writeBatch: Int?
    /// The sendmail-compatible command mail notifications are piped to (`-t`: recipients from
    /// the To header, `-i`: a lone "." is not the end).
    public var mailCommand: [String] = SendmailTransport.defaultCommand
    /// The From of notification mails (a welcome mail may name its own); nil: `defaultMailFrom`.
    public var mailFrom: MailAddress?
    /// `text` (swift-log's stream format) or `json` (one object per line).
    public var logFormat: LogFormat = .text
    /// When set, `/metrics` answers only `Authorization: Bearer` with this token.
    public var metricsToken: String?
    /// Peers whose `X-Forwarded-For`, `X-Forwarded-Proto`, `X-Forwarded-Host` and `Forwarded`
    /// headers are believed (`--trusted-proxy`); from anyone else they are ignored.
    public var trustedProxies: [IPNetwork] = []
    /// Requests per second (and burst) for tenants that set no limits of their own; nil: the
    /// built-in `RequestRateLimiter` defaults.
    public var defaultRateLimit: Int?
    public var defaultRateBurst: Int?
    /// The deliverer's attempt timeout and lease; nil: `NotificationDeliverer.Settings`' own.
    public var notifyTimeout: Duration?
    public var notifyLease: Duration?
    /// Seconds a pagination cursor stays valid after its page (RFC 9865 §4 `cursorTimeout`).
    public var cursorTimeoutSeconds: Int = ResourceService.defaultCursorTimeoutSeconds
    /// HTTPS with this certificate and key (`--tls-cert`, `--tls-key`); plain HTTP when nil.
    public var tls: ReloadableTLSContext?
    /// A console session left unused this long ends (seconds).
    public var consoleIdleSeconds: Int = ConsoleSessions.defaultIdleSeconds
    /// A console session ends this long after sign-in (seconds).
    public var consoleSessionSeconds: Int = ConsoleSessions.defaultLifetimeSeconds

    public init() {}

    /// The start-up line naming the database: the SQLite path and its durability, or the
    /// PostgreSQL URL without its password.
    public var databaseLine: String {
        guard ProvisioningServices.isPostgres(database: databasePath) else {
            return "database: \(databasePath) (durability \(durability.rawValue))"
        }
        return "database: \(ProvisioningServices.describe(database: databasePath)) (PostgreSQL)"
    }

    /// `scimd@` this host's name, or `scimd@localhost` when the name is not a mail domain.
    public static var defaultMailFrom: MailAddress? {
        (try? MailAddress("scimd@\(ProcessInfo.processInfo.hostName)")) ?? (try? MailAddress("scimd@localhost"))
    }
}

extension ServerConfiguration {
    /// The SCIM root for `meta.location`, `Location` and `$ref`: `--public-url` when set,
    /// otherwise the listening address (`http://HOST:PORT/scim/v2`, `https` with TLS). Never the request's
    /// `Host` header: a client chooses it (RFC 9110 §7.2), and any host it names would be
    /// handed back as the place this server's resources live (cache poisoning behind a
    /// proxy, links to a look-alike host). `localAddress` is the address the connection
    /// reached: its port is the real one when `--port 0` picked it, and its IP stands in
    /// when the server listens on every interface.
    func scimBaseURL(localAddress: SocketAddress?) -> String {
        if let publicURL { return publicURL }
        var host = host
        if Self.wildcardHosts.contains(host), let ip = localAddress?.ipAddress { host = ip }
        // RFC 3986 §3.2.2: an IPv6 literal is written in brackets.
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        return "\(scheme)://\(host):\(localAddress?.port ?? port)\(SCIMController.basePath)"
    }

    /// `https` when scimd terminates TLS itself, else `http`.
    var scheme: String { tls == nil ? "http" : "https" }

    /// Listening addresses that name no single interface.
    static let wildcardHosts: Set<String> = ["0.0.0.0", "::", "[::]", ""]
}

extension Duration {
    /// The same span for NIO's scheduler.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
