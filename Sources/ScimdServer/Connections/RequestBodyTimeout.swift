/// Delivered to the request handler in place of the rest of a body that did not arrive within
/// `--body-timeout`; the controllers answer it with 408 (RFC 9110 §15.5.9).
struct RequestBodyTimeout: Error, CustomStringConvertible {
    let timeout: Duration

    var description: String { "the request body did not arrive within \(timeout.components.seconds) seconds" }
}
