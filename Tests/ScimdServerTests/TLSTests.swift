import Foundation
import NIOCore
import NIOSSL
import Testing

@testable import ScimdServer

/// Built-in HTTPS against the real `scimd` binary: what the handshake offers (Entra ID needs
/// TLS 1.2 or later), SCIM over it, the certificate reload on SIGHUP, and the start-up errors.
@Suite("scimd serve --tls-cert/--tls-key")
struct TLSTests {
    // MARK: Handshake and SCIM over HTTPS

    @Test("TLS 1.2 and 1.3 handshakes succeed, TLS 1.1 and 1.0 are refused, SCIM answers over HTTPS")
    func versionsAndSCIM() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let pair = try await certificates.selfSigned("server", commonName: "localhost")
        let scimd = try await ScimdTLSProcess.start(["--tls-cert", pair.certificate, "--tls-key", pair.key])
        defer { scimd.stop() }
        #expect(scimd.baseURL == "https://127.0.0.1:\(scimd.port)/scim/v2")

        let tls12 = try await TLSConnection.open(port: scimd.port, trusting: pair.certificate, versions: (.tlsv12, .tlsv12))
        #expect(tls12.version == .tlsv12)
        await tls12.close()
        let tls13 = try await TLSConnection.open(port: scimd.port, trusting: pair.certificate, versions: (.tlsv13, .tlsv13))
        #expect(tls13.version == .tlsv13)
        await tls13.close()
        // Offering both, a client gets the newest.
        let either = try await TLSConnection.open(port: scimd.port, trusting: pair.certificate)
        #expect(either.version == .tlsv13)

        for old in [TLSVersion.tlsv11, .tlsv1] {
            await #expect(throws: TLSConnection.HandshakeFailed.self, "\(old)") {
                _ = try await TLSConnection.open(port: scimd.port, trusting: pair.certificate, versions: (old, old))
            }
        }

        let config = try #require(try await either.get("/scim/v2/ServiceProviderConfig", token: scimd.token), "\(either.text)")
        #expect(config.status == 200, "\(config.body)")
        #expect(config.body.contains("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
        // meta.location names the https URL.
        #expect(config.body.contains("https://127.0.0.1:\(scimd.port)/scim/v2/ServiceProviderConfig"), "\(config.body)")
        let unauthorized = try #require(try await either.get("/scim/v2/Users", token: "wrong"))
        #expect(unauthorized.status == 401)
        await either.close()

        // Plain HTTP on the HTTPS port gets no HTTP answer.
        let plain = try await RawConnection.open(port: scimd.port)
        try await plain.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(try await plain.waitForClose(within: .seconds(5)))
        #expect(!plain.text.hasPrefix("HTTP/1.1 200"))
    }

    @Test("TLS 1.2 offers only ECDHE with AES-GCM or ChaCha20-Poly1305: CBC and RSA key exchange are refused")
    func tls12CipherPolicy() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let pair = try await certificates.selfSigned("rsa", commonName: "localhost", key: .rsa(bits: 2048))
        let scimd = try await ScimdTLSProcess.start(["--tls-cert", pair.certificate, "--tls-key", pair.key])
        defer { scimd.stop() }
        for suite in ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"] {
            let connection = try await TLSConnection.open(
                port: scimd.port, trusting: pair.certificate, versions: (.tlsv12, .tlsv12), cipherSuites: suite)
            #expect(connection.version == .tlsv12, "\(suite)")
            await connection.close()
        }
        for suite in ["ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "AES256-SHA", "DES-CBC3-SHA"] {
            await #expect(throws: TLSConnection.HandshakeFailed.self, "\(suite)") {
                _ = try await TLSConnection.open(port: scimd.port, trusting: pair.certificate, versions: (.tlsv12, .tlsv12), cipherSuites: suite)
            }
        }
    }

    @Test("a chain file (server certificate, then intermediate) is served whole: a client trusting only the root connects")
    func certificateChain() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let (root, chain) = try await certificates.chain("ca")
        // The variables, not the flags, this time.
        let scimd = try await ScimdTLSProcess.start([], environment: ["SCIMD_TLS_CERT": chain.certificate, "SCIMD_TLS_KEY": chain.key])
        defer { scimd.stop() }
        let connection = try await TLSConnection.open(port: scimd.port, trusting: root)
        let response = try #require(try await connection.get("/scim/v2/ServiceProviderConfig", token: scimd.token))
        #expect(response.status == 200)
        await connection.close()
    }

    @Test("under TLS the header and idle deadlines, --max-connections and SIGTERM's quiescing still hold")
    func connectionLimitsUnderTLS() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let pair = try await certificates.selfSigned("server", commonName: "localhost")
        let scimd = try await ScimdTLSProcess.start([
            "--tls-cert", pair.certificate, "--tls-key", pair.key, "--header-timeout", "1", "--idle-timeout", "2", "--max-connections", "2",
        ])
        defer { scimd.stop() }
        // A head that never completes: 408 after --header-timeout, then closed. The handshake
        // counts against the idle deadline (a client stalling in it is closed too, below), so on
        // a loaded machine (CI, twice) the server closed before the first write: a few tries.
        let halfHead = try await Self.openAndSend("GET /health HTTP/1.1\r\nHost: localhost\r\n", port: scimd.port, trusting: pair.certificate)
        let timeout = try #require(try await halfHead.waitForResponse(within: .seconds(5)), "\(halfHead.text)")
        #expect(timeout.status == 408)
        #expect(try await halfHead.waitForClose(within: .seconds(5)))
        // An idle kept-alive connection: closed after --idle-timeout.
        // Measured from before the (last) request: the server's idle timer starts after its answer,
        // so the close comes at least --idle-timeout later however late this client reads it.
        let start = ContinuousClock.now
        let idle = try await Self.openWhenAdmitted(port: scimd.port, trusting: pair.certificate)
        #expect(try await idle.waitForClose(within: .seconds(8)))
        #expect(ContinuousClock.now - start >= .milliseconds(1_900))
        // A client that connects and never starts the handshake is closed too.
        let silent = try await RawConnection.open(port: scimd.port)
        #expect(try await silent.waitForClose(within: .seconds(6)))
        // Two open, the third is answered 503 (over TLS) and closed. The two retry while the
        // server still counts the connections above as open (it closes them asynchronously).
        let first = try await Self.openWhenAdmitted(port: scimd.port, trusting: pair.certificate)
        let second = try await Self.openWhenAdmitted(port: scimd.port, trusting: pair.certificate)
        try await Task.sleep(for: .milliseconds(200))
        // On a loaded machine the refused connection was seen closed before its handshake ended
        // (CI, 2026-12-01; not reproduced alone): a few tries, each of which must end in the 503.
        var opened: TLSConnection?
        for _ in 0..<3 where opened == nil {
            opened = try? await TLSConnection.open(port: scimd.port, trusting: pair.certificate)
            if opened == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        let third = try #require(opened, "the third connection never completed its TLS handshake")
        let refused = try #require(try await third.waitForResponse(within: .seconds(5)), "\(third.text)")
        #expect(refused.status == 503)
        #expect(try await third.waitForClose(within: .seconds(5)))
        // SIGTERM reaches the connections through the TLS handler: idle ones close, scimd exits at once.
        let stopping = ContinuousClock.now
        scimd.signal(SIGTERM)
        #expect(try await scimd.child.wait(within: .seconds(8)) == 0, "\(scimd.text)")
        // Well below NIOSSL's default 5 s wait for the client's close_notify (this client sends none).
        #expect(ContinuousClock.now - stopping < .seconds(3))
        #expect(try await first.waitForClose(within: .seconds(2)))
        #expect(try await second.waitForClose(within: .seconds(2)))
    }

    /// Opens a TLS connection and sends `text` on it, opening another (up to three times) when
    /// the server closed the connection before the write: its deadline ran out during a slow handshake.
    static func openAndSend(_ text: String, port: Int, trusting certificate: String) async throws -> TLSConnection {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try await TLSConnection.open(port: port, trusting: certificate)
            do {
                try await connection.send(text)
                return connection
            } catch ChannelError.ioOnClosedChannel where attempt < 3 {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Opens a TLS connection that the server serves (a /health answer), retrying for up to
    /// 10 s while it is refused for --max-connections.
    static func openWhenAdmitted(port: Int, trusting certificate: String) async throws -> TLSConnection {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                let connection = try await TLSConnection.open(port: port, trusting: certificate)
                if try await connection.get("/health", token: "none")?.status == 200 { return connection }
                await connection.close()
            } catch where ContinuousClock.now < deadline {}
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    // MARK: Reload

    @Test("SIGHUP: new connections get the new certificate, an open keep-alive connection keeps working, a bad pair changes nothing")
    func reloadOnSIGHUP() async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let a = try await certificates.selfSigned("a", commonName: "localhost")
        let b = try await certificates.selfSigned("b", commonName: "localhost")
        let serialA = try await certificates.serial(of: a.certificate)
        let serialB = try await certificates.serial(of: b.certificate)
        #expect(serialA != serialB)
        // The files scimd is given; replaced below as a certificate renewal would.
        let certificate = certificates.path("served.crt")
        let key = certificates.path("served.key")
        try Self.install(a, certificate: certificate, key: key)
        let scimd = try await ScimdTLSProcess.start(["--tls-cert", certificate, "--tls-key", key])
        defer { scimd.stop() }

        let kept = try await TLSConnection.open(port: scimd.port, trusting: a.certificate)
        #expect(try Self.serial(kept) == serialA)
        #expect(try await kept.get("/scim/v2/ServiceProviderConfig", token: scimd.token)?.status == 200)

        try Self.install(b, certificate: certificate, key: key)
        scimd.signal(SIGHUP)
        let reloaded = await scimd.child.waitForOutput(seconds: 10) { $0.contains("SIGHUP: serving new connections") }
        #expect(reloaded, "\(scimd.text)")
        let next = try await TLSConnection.open(port: scimd.port, trusting: b.certificate)
        #expect(try Self.serial(next) == serialB)
        #expect(try await next.get("/scim/v2/ServiceProviderConfig", token: scimd.token)?.status == 200)
        // A client that trusts only A no longer connects.
        await #expect(throws: TLSConnection.HandshakeFailed.self) {
            _ = try await TLSConnection.open(port: scimd.port, trusting: a.certificate)
        }
        // The connection opened before the reload still carries requests, with A.
        #expect(kept.isOpen)
        #expect(try await kept.get("/scim/v2/ServiceProviderConfig", token: scimd.token)?.status == 200)
        #expect(try Self.serial(kept) == serialA)

        // A key that is not the certificate's: logged, and B stays in service.
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: a.key, toPath: key)
        scimd.signal(SIGHUP)
        let refused = await scimd.child.waitForOutput(seconds: 10) { $0.contains("TLS certificate not reloaded") }
        #expect(refused, "\(scimd.text)")
        let line = scimd.text.split(separator: "\n").first { $0.contains("TLS certificate not reloaded") } ?? ""
        #expect(line.contains("error"), "\(line)")
        #expect(line.contains("does not belong to the certificate"), "\(line)")
        let still = try await TLSConnection.open(port: scimd.port, trusting: b.certificate)
        #expect(try Self.serial(still) == serialB)
        #expect(try await still.get("/scim/v2/ServiceProviderConfig", token: scimd.token)?.status == 200)
        // And a missing file: the same.
        try FileManager.default.removeItem(atPath: certificate)
        scimd.signal(SIGHUP)
        let missing = await scimd.child.waitForOutput(seconds: 10) { $0.contains("Cannot read the TLS certificate file \(certificate)") }
        #expect(missing, "\(scimd.text)")
        #expect(scimd.child.isRunning)
        let stillB = try await TLSConnection.open(port: scimd.port, trusting: b.certificate)
        #expect(try Self.serial(stillB) == serialB)
        await stillB.close()
        await still.close()
        await next.close()
        await kept.close()
    }

    private static func install(_ pair: TestCertificates.Pair, certificate: String, key: String) throws {
        for (source, target) in [(pair.certificate, certificate), (pair.key, key)] {
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
    }

    private static func serial(_ connection: TLSConnection) throws -> String {
        let certificate = try #require(connection.peerCertificate)
        return TestCertificates.normalized(certificate.serialNumber.map { String(format: "%02x", $0) }.joined())
    }

    // MARK: Start-up errors

    struct StartupCase: Sendable, CustomStringConvertible {
        let description: String
        /// The arguments, given the directory's pairs: a good one, another one, a 1024-bit RSA one.
        let arguments: @Sendable (_ good: TestCertificates.Pair, _ other: TestCertificates.Pair, _ weak: TestCertificates.Pair, _ directory: TestCertificates) -> [String]
        let message: String
    }

    static let startupCases: [StartupCase] = [
        StartupCase(
            description: "only --tls-cert", arguments: { good, _, _, _ in ["--tls-cert", good.certificate] },
            message: "--tls-cert needs --tls-key"),
        StartupCase(
            description: "only --tls-key", arguments: { good, _, _, _ in ["--tls-key", good.key] },
            message: "--tls-key needs --tls-cert"),
        StartupCase(
            description: "a missing certificate file",
            arguments: { good, _, _, d in ["--tls-cert", d.path("missing.crt"), "--tls-key", good.key] },
            message: "Cannot read the TLS certificate file"),
        StartupCase(
            description: "a missing key file", arguments: { good, _, _, d in ["--tls-cert", good.certificate, "--tls-key", d.path("missing.key")] },
            message: "No such file or directory"),
        StartupCase(
            description: "a key that is not the certificate's",
            arguments: { good, other, _, _ in ["--tls-cert", good.certificate, "--tls-key", other.key] },
            message: "does not belong to the certificate"),
        StartupCase(
            description: "a certificate file that is not PEM",
            arguments: { good, _, _, d in ["--tls-cert", d.path("der.crt"), "--tls-key", good.key] },
            message: "is not PEM"),
        StartupCase(
            description: "the key given as the certificate",
            arguments: { good, _, _, _ in ["--tls-cert", good.key, "--tls-key", good.key] },
            message: "holds no certificate"),
        StartupCase(
            description: "the certificate given as the key",
            arguments: { good, _, _, _ in ["--tls-cert", good.certificate, "--tls-key", good.certificate] },
            message: "holds no private key"),
        StartupCase(
            description: "an RSA key of 1024 bits", arguments: { _, _, weak, _ in ["--tls-cert", weak.certificate, "--tls-key", weak.key] },
            message: "has a 1024-bit RSA key; use RSA of 2048 bits or more"),
    ]

    @Test("start-up errors: one line on stderr, exit 1, no database created", arguments: startupCases)
    func startupErrors(_ startup: StartupCase) async throws {
        let certificates = try TestCertificates()
        defer { certificates.remove() }
        let good = try await certificates.selfSigned("good", commonName: "localhost")
        let other = try await certificates.selfSigned("other", commonName: "localhost")
        let weak = try await certificates.selfSigned("weak", commonName: "localhost", key: .rsa(bits: 1024))
        try await certificates.openssl(["x509", "-in", good.certificate, "-outform", "DER", "-out", certificates.path("der.crt")])
        let result = try await ScimdTLSProcess.run(startup.arguments(good, other, weak, certificates))
        #expect(result.status == 1, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("scimd: "), "\(result.stderr)")
        #expect(result.stderr.contains(startup.message), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(!result.database, "the database was created before the TLS files were checked")
    }

    // MARK: Options

    @Test("a flag wins over its variable; the variables alone suffice; neither is plain HTTP")
    func flagsAndVariables() throws {
        let environment = ["SCIMD_TLS_CERT": "/env.crt", "SCIMD_TLS_KEY": "/env.key"]
        let fromVariables = try TLSOptions.parse([]).files(environment: environment)
        #expect(fromVariables == TLSFiles(certificatePath: "/env.crt", keyPath: "/env.key"))
        let flags = try TLSOptions.parse(["--tls-cert", "/flag.crt", "--tls-key", "/flag.key"]).files(environment: environment)
        #expect(flags == TLSFiles(certificatePath: "/flag.crt", keyPath: "/flag.key"))
        let mixed = try TLSOptions.parse(["--tls-cert", "/flag.crt"]).files(environment: environment)
        #expect(mixed == TLSFiles(certificatePath: "/flag.crt", keyPath: "/env.key"))
        #expect(try TLSOptions.parse([]).files(environment: [:]) == nil)
        #expect(throws: TLSSetupError.self) { try TLSOptions.parse([]).files(environment: ["SCIMD_TLS_KEY": "/env.key"]) }
        let help = ServeCommand.helpMessage()
        #expect(help.contains("--tls-cert <pem>"))
        #expect(help.contains("SCIMD_TLS_CERT"))
        #expect(help.contains("SCIMD_TLS_KEY"))
    }
}
