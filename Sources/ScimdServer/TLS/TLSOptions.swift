import ArgumentParser

/// `scimd serve --tls-cert PEM --tls-key PEM`: serve HTTPS instead of HTTP. Entra ID calls
/// only HTTPS endpoints; behind a proxy that terminates TLS, leave both unset.
struct TLSOptions: ParsableArguments {
    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "PEM file with the server certificate, then any intermediates (SCIMD_TLS_CERT). With --tls-key, scimd "
                + "serves HTTPS only (TLS 1.2 and 1.3); SIGHUP re-reads both files.",
            valueName: "pem"))
    var certificate: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp(
            "PEM file with the certificate's private key: RSA of 2048 bits or more, or ECDSA P-256 or larger (SCIMD_TLS_KEY).",
            valueName: "pem"))
    var key: String?

    /// The files to serve with, a flag winning over its variable; nil when neither is set.
    func files(environment: [String: String]) throws(TLSSetupError) -> TLSFiles? {
        let certificate = nonEmpty(certificate ?? environment["SCIMD_TLS_CERT"])
        let key = nonEmpty(key ?? environment["SCIMD_TLS_KEY"])
        switch (certificate, key) {
        case (nil, nil):
            return nil
        case (let certificate?, let key?):
            return TLSFiles(certificatePath: certificate, keyPath: key)
        case (_?, nil):
            throw TLSSetupError("--tls-cert needs --tls-key (SCIMD_TLS_KEY) with the certificate's private key.")
        case (nil, _?):
            throw TLSSetupError("--tls-key needs --tls-cert (SCIMD_TLS_CERT) with the certificate it belongs to.")
        }
    }

    /// The checked certificate and key to serve with, or nil for plain HTTP.
    func context(environment: [String: String]) throws(TLSSetupError) -> ReloadableTLSContext? {
        guard let files = try files(environment: environment) else { return nil }
        return try ReloadableTLSContext(files: files)
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
