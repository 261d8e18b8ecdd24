import NIOSSL

/// What scimd's HTTPS offers. Entra ID requires TLS 1.2 or later; TLS 1.3 is offered
/// too. TLS 1.3's cipher suites are all AEAD with forward secrecy (RFC 8446 §9.1), and
/// BoringSSL does not let them be chosen; for TLS 1.2 only ECDHE key exchange (forward
/// secrecy) with AES-GCM or ChaCha20-Poly1305 (RFC 9325 §4.2) — no CBC, no RSA key exchange.
enum TLSServerPolicy {
    /// BoringSSL names of the TLS 1.2 suites, strongest first for each key type.
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305",
    ]

    static func configuration(for pair: TLSCertificatePair) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.chain.map { .certificate($0) }, privateKey: .privateKey(pair.key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.maximumTLSVersion = .tlsv13
        configuration.cipherSuites = tls12CipherSuites.joined(separator: ":")
        // RFC 7301: only HTTP/1.1 is served (docs/decisions/0007-tls.md says why not h2 yet).
        configuration.applicationProtocols = ["http/1.1"]
        // RFC 8446 §6.1: the side that closes need not wait for the peer's close_notify. NIOSSL
        // waits 5 s by default, which held every idle connection (and so SIGTERM) for 5 s.
        configuration.shutdownTimeout = .seconds(1)
        return configuration
    }

    /// The context new connections are served from; fails when the key is not the leaf's.
    static func context(for pair: TLSCertificatePair) throws(TLSSetupError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration(for: pair))
        } catch {
            // BoringSSL checks the private key against the leaf certificate when loading it.
            throw TLSSetupError(
                "The TLS key in \(pair.files.keyPath) does not belong to the certificate in \(pair.files.certificatePath) (\(error)).")
        }
    }
}
