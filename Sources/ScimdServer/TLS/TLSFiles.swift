/// The two PEM files `scimd serve` is given for HTTPS: the certificate chain (the server's
/// certificate first, then any intermediates, RFC 8446 §4.4.2) and its private key.
public struct TLSFiles: Sendable, Hashable {
    public var certificatePath: String
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
    }
}
