import Crypto
import Foundation
import NIOSSL
import _CryptoExtras

/// A certificate chain and its private key, read from PEM files and checked before a single
/// connection is served with them: both files readable and PEM, the key the one of the
/// leaf certificate, and a key Entra ID accepts (RSA of 2048 bits or more, or ECDSA P-256
/// or larger).
struct TLSCertificatePair {
    /// The server's certificate first, then the intermediates in the file's order (RFC 8446 §4.4.2).
    let chain: [NIOSSLCertificate]
    let key: NIOSSLPrivateKey
    let files: TLSFiles

    init(files: TLSFiles) throws(TLSSetupError) {
        self.files = files
        let certificatePEM = try Self.readPEM(files.certificatePath, what: "TLS certificate")
        let keyPEM = try Self.readPEM(files.keyPath, what: "TLS key")
        guard certificatePEM.contains("-----BEGIN CERTIFICATE-----") else {
            throw TLSSetupError("The TLS certificate file \(files.certificatePath) holds no certificate (no PEM 'BEGIN CERTIFICATE' block).")
        }
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8))
        } catch {
            throw TLSSetupError("The TLS certificate file \(files.certificatePath) holds a PEM block that is not a valid certificate.")
        }
        guard !chain.isEmpty else {
            throw TLSSetupError("The TLS certificate file \(files.certificatePath) holds no certificate (no PEM 'BEGIN CERTIFICATE' block).")
        }
        if keyPEM.contains("ENCRYPTED") {
            throw TLSSetupError("The TLS key file \(files.keyPath) is encrypted; give scimd the unencrypted key in a file only its user can read.")
        }
        do {
            key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        } catch {
            throw TLSSetupError("The TLS key file \(files.keyPath) holds no private key (a PEM 'PRIVATE KEY' block).")
        }
        try Self.checkKeyStrength(of: chain[0], in: files.certificatePath)
    }

    /// The leaf certificate, for log lines: subject, serial number, end of validity.
    var summary: String {
        let leaf = chain[0]
        let serial = leaf.serialNumber.map { String(format: "%02x", $0) }.joined()
        let expiry = Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter))
        let subject = leaf.description.split(separator: ";").first { $0.hasPrefix("common_name=") }.map {
            "CN=" + $0.dropFirst("common_name=".count).trimmingCharacters(in: CharacterSet(charactersIn: ">"))
        }
        return "\(subject ?? "no common name"), serial \(serial), valid until \(expiry.ISO8601Format())"
    }

    /// The leaf's validity has ended: clients (Entra ID among them) refuse it.
    var isExpired: Bool { chain[0].notValidAfter < time(nil) }

    // MARK: Checks

    /// RSA `rsaEncryption`, OID 1.2.840.113549.1.1.1 (RFC 8017 §A.1), DER-encoded.
    private static let rsaEncryptionOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    /// Entra ID's requirement for the endpoint's certificate: RSA of at least 2048 bits or an
    /// elliptic-curve key of at least 256 bits. The leaf's key is the one the private key
    /// must match (checked when the context is made), so checking it checks both.
    private static func checkKeyStrength(of leaf: NIOSSLCertificate, in path: String) throws(TLSSetupError) {
        let spki: [UInt8]
        do {
            spki = try leaf.extractPublicKey().toSPKIBytes()
        } catch {
            throw TLSSetupError("The certificate in \(path) has a public key scimd cannot read.")
        }
        if spki.firstRange(of: rsaEncryptionOID) != nil {
            // The "unsafe" initializer also reads keys below 2048 bits, so the message can say how big it is.
            let bits = (try? _RSA.Signing.PublicKey(unsafeDERRepresentation: spki))?.keySizeInBits
            guard let bits, bits >= 2048 else {
                let found = bits.map { "a \($0)-bit RSA key" } ?? "an RSA key below 1024 bits"
                throw TLSSetupError("The certificate in \(path) has \(found); use RSA of 2048 bits or more, or ECDSA P-256.")
            }
            return
        }
        if (try? P256.Signing.PublicKey(derRepresentation: spki)) != nil
            || (try? P384.Signing.PublicKey(derRepresentation: spki)) != nil
            || (try? P521.Signing.PublicKey(derRepresentation: spki)) != nil
        {
            return
        }
        throw TLSSetupError("The certificate in \(path) has neither an RSA nor an ECDSA P-256, P-384 or P-521 key, which Entra ID requires.")
    }

    /// The file's text, or why it cannot be used.
    private static func readPEM(_ path: String, what: String) throws(TLSSetupError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TLSSetupError("Cannot read the \(what) file \(path): \(Self.reason(path)).")
        }
        guard let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN ") else {
            throw TLSSetupError("The \(what) file \(path) is not PEM (no '-----BEGIN' line); convert it with openssl first.")
        }
        return text
    }

    /// The system's reason a file cannot be opened (no such file, permission denied, a directory).
    private static func reason(_ path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        defer { close(descriptor) }
        var byte: UInt8 = 0
        if read(descriptor, &byte, 1) < 0 { return String(cString: strerror(errno)) }
        return "unreadable"
    }
}
