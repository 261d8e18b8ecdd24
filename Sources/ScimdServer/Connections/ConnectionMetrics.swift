import Metrics

/// What the connection limits did, for `/metrics`: how often each deadline cut a
/// connection off and how many connections were refused above `--max-connections`.
struct ConnectionMetrics: Sendable {
    /// The deadline that closed a connection, as the `kind` label.
    enum Timeout: String, Sendable, CaseIterable {
        case header, body, idle, shutdown
    }

    let refused = Counter(label: "scimd_connections_refused")
    let open = Gauge(label: "scimd_connections_open")
    private let timeouts: [Timeout: Counter] = Dictionary(
        uniqueKeysWithValues: Timeout.allCases.map { ($0, Counter(label: "scimd_connection_timeouts", dimensions: [("kind", $0.rawValue)])) })

    func timedOut(_ kind: Timeout) { timeouts[kind]?.increment() }
}
