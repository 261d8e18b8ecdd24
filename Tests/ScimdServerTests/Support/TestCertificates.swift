import ChildProcess
import Foundation

/// Certificates and keys made with the system's `openssl` in a temporary directory, as an
/// operator would make them: self-signed ones, and a root → intermediate → server chain.
struct TestCertificates {
    enum KeyType {
        case ec
        case rsa(bits: Int)

        var arguments: [String] {
            switch self {
            case .ec: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
            case .rsa(let bits): ["-newkey", "rsa:\(bits)"]
            }
        }
    }

    struct Pair {
        let certificate: String
        let key: String
    }

    struct OpenSSLFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let output: String
        var description: String { "openssl \(arguments.joined(separator: " ")) failed:\n\(output)" }
    }

    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scimd-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A self-signed server certificate for localhost and 127.0.0.1, valid for two days.
    func selfSigned(_ name: String, commonName: String, key: KeyType = .ec) async throws -> Pair {
        let pair = Pair(certificate: path("\(name).crt"), key: path("\(name).key"))
        try await openssl(
            ["req", "-x509"] + key.arguments + [
                "-nodes", "-keyout", pair.key, "-out", pair.certificate, "-days", "2", "-subj", "/CN=\(commonName)",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        return pair
    }

    /// A root CA, an intermediate CA it signed and a server certificate the intermediate
    /// signed; `chain.certificate` holds the server certificate, then the intermediate.
    func chain(_ name: String) async throws -> (root: String, chain: Pair) {
        let root = try await selfSignedCA("\(name)-root", commonName: "scimd test root")
        let intermediate = try await signed(
            "\(name)-intermediate", commonName: "scimd test intermediate", by: root,
            extensions: ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign"])
        let server = try await signed(
            "\(name)-server", commonName: "localhost", by: intermediate,
            extensions: ["subjectAltName=DNS:localhost,IP:127.0.0.1", "basicConstraints=CA:FALSE"])
        let chainFile = path("\(name)-chain.crt")
        let text = try String(contentsOfFile: server.certificate, encoding: .utf8) + String(contentsOfFile: intermediate.certificate, encoding: .utf8)
        try text.write(toFile: chainFile, atomically: true, encoding: .utf8)
        return (root.certificate, Pair(certificate: chainFile, key: server.key))
    }

    private func selfSignedCA(_ name: String, commonName: String) async throws -> Pair {
        let pair = Pair(certificate: path("\(name).crt"), key: path("\(name).key"))
        try await openssl(
            ["req", "-x509"] + KeyType.ec.arguments + [
                "-nodes", "-keyout", pair.key, "-out", pair.certificate, "-days", "2", "-subj", "/CN=\(commonName)",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign",
            ])
        return pair
    }

    private func signed(_ name: String, commonName: String, by issuer: Pair, extensions: [String]) async throws -> Pair {
        let pair = Pair(certificate: path("\(name).crt"), key: path("\(name).key"))
        let request = path("\(name).csr")
        try await openssl(
            ["req", "-new"] + KeyType.ec.arguments + ["-nodes", "-keyout", pair.key, "-out", request, "-subj", "/CN=\(commonName)"]
                + extensions.flatMap { ["-addext", $0] })
        try await openssl([
            "x509", "-req", "-in", request, "-CA", issuer.certificate, "-CAkey", issuer.key, "-set_serial", "\(Int.random(in: 1000...999_999))",
            "-days", "2", "-copy_extensions", "copyall", "-out", pair.certificate,
        ])
        return pair
    }

    /// `openssl` from PATH (scripts/setup.sh installs it).
    static let opensslPath: String = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        return directories.map { "\($0)/openssl" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/openssl"
    }()

    func openssl(_ arguments: [String]) async throws {
        let child = try ChildProcess.launch(Self.opensslPath, arguments: arguments, mergingStandardError: true)
        guard await child.finish(within: .seconds(60)) == 0 else { throw OpenSSLFailed(arguments: arguments, output: child.standardOutput) }
    }

    /// The certificate's serial number in hex, as `openssl x509 -serial` prints it.
    func serial(of certificate: String) async throws -> String {
        let child = try ChildProcess.launch(Self.opensslPath, arguments: ["x509", "-noout", "-serial", "-in", certificate])
        guard await child.finish(within: .seconds(30)) == 0 else { throw OpenSSLFailed(arguments: ["x509", certificate], output: child.standardError) }
        return Self.normalized(child.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "serial=", with: ""))
    }

    /// Hex digits in lower case without leading zeros, so DER's sign byte does not matter.
    static func normalized(_ serial: String) -> String {
        String(serial.lowercased().drop { $0 == "0" })
    }
}
