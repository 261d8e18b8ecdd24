import ArgumentParser
import Store

/// `scimd serve`'s options for running it among other systems: log format, the metrics token,
/// trusted proxies and the default request limits (docs/operations.md). Each has an
/// environment variable; a flag wins over it.
struct OperationsOptions: ParsableArguments {
    @Option(help: "text or json: one JSON object per line on stderr, for log shippers (SCIMD_LOG_FORMAT). Default text.")
    var logFormat: String?

    @Option(help: "Bearer token /metrics requires (SCIMD_METRICS_TOKEN). Default: /metrics is open; keep it off the internet.")
    var metricsToken: String?

    @Option(
        help: ArgumentHelp(
            "Reverse proxies whose X-Forwarded-For/-Proto/-Host and Forwarded headers are believed, comma-separated "
                + "addresses or CIDR networks, e.g. 127.0.0.1,10.0.0.0/8 (SCIMD_TRUSTED_PROXY). Default: none."))
    var trustedProxy: String?

    @Option(help: "Requests per second per tenant for tenants without limits of their own (SCIMD_RATE_LIMIT). Default 200.")
    var rateLimit: Int?

    @Option(help: "Requests at once per tenant before --rate-limit applies (SCIMD_RATE_BURST). Default 400, or twice --rate-limit.")
    var rateBurst: Int?

    @Option(
        help: ArgumentHelp(
            "normal: a killed scimd loses no answered write; full: nor does a power cut (one fsync per group commit) "
                + "(SCIMD_DURABILITY). Default normal."))
    var durability: String?

    /// For benchmarks: `--write-batch 1` turns group commit off, to measure what it gives.
    @Option(help: .hidden) var writeBatch: Int?

    func apply(to c: inout ServerConfiguration, environment: [String: String]) throws {
        if let writeBatch {
            guard (1...1024).contains(writeBatch) else { throw ValidationError("--write-batch must be between 1 and 1024.") }
            c.writeBatch = writeBatch
        }
        if let text = durability ?? environment["SCIMD_DURABILITY"] {
            guard let parsed = SQLiteStore.Durability(rawValue: text) else { throw ValidationError("--durability must be normal or full.") }
            c.durability = parsed
        }
        if let format = logFormat ?? environment["SCIMD_LOG_FORMAT"] {
            guard let parsed = LogFormat(rawValue: format) else { throw ValidationError("--log-format must be text or json.") }
            c.logFormat = parsed
        }
        if let token = metricsToken ?? environment["SCIMD_METRICS_TOKEN"] {
            guard token.count >= 16 else { throw ValidationError("--metrics-token must be at least 16 characters.") }
            c.metricsToken = token
        }
        if let list = trustedProxy ?? environment["SCIMD_TRUSTED_PROXY"] {
            c.trustedProxies = try list.split(separator: ",").map { item in
                guard let network = IPNetwork(String(item)) else {
                    throw ValidationError("--trusted-proxy: '\(item)' is not an IP address or CIDR network such as 10.0.0.0/8.")
                }
                return network
            }
        }
        c.defaultRateLimit = try Self.positive("--rate-limit", rateLimit, "SCIMD_RATE_LIMIT", environment) ?? c.defaultRateLimit
        c.defaultRateBurst = try Self.positive("--rate-burst", rateBurst, "SCIMD_RATE_BURST", environment) ?? c.defaultRateBurst
    }

    /// The flag's value, else the variable's, each a whole number of at least 1.
    static func positive(_ flag: String, _ value: Int?, _ variable: String, _ environment: [String: String]) throws -> Int? {
        if let value {
            guard value >= 1 else { throw ValidationError("\(flag) must be at least 1.") }
            return value
        }
        guard let text = environment[variable] else { return nil }
        guard let parsed = Int(text), parsed >= 1 else { throw ValidationError("\(variable) must be a whole number, at least 1.") }
        return parsed
    }
}
