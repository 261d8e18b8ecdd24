import NIOSSL
import Synchronization

/// The TLS context new connections are served from, swapped on reload (SIGHUP). A connection
/// keeps the context it started with, so replacing it drops no connection; a pair that
/// fails its checks leaves the one in service.
public final class ReloadableTLSContext: Sendable {
    public let files: TLSFiles
    private let state: Mutex<(context: NIOSSLContext, summary: String, expired: Bool)>

    /// Reads and checks both files; the error says which one is wrong and how.
    public init(files: TLSFiles) throws(TLSSetupError) {
        self.files = files
        let pair = try TLSCertificatePair(files: files)
        state = Mutex((try TLSServerPolicy.context(for: pair), pair.summary, pair.isExpired))
    }

    /// The context for a connection being accepted now.
    var current: NIOSSLContext { state.withLock { $0.context } }

    /// The certificate in service: subject, serial number, end of validity.
    public var summary: String { state.withLock { $0.summary } }

    /// The certificate in service is past its end of validity: clients refuse it.
    public var isExpired: Bool { state.withLock { $0.expired } }

    /// Re-reads both files and serves new connections with them; on error nothing changes.
    /// Blocking file I/O: call it from a task, never on an event loop.
    public func reload() throws(TLSSetupError) {
        let pair = try TLSCertificatePair(files: files)
        let context = try TLSServerPolicy.context(for: pair)
        let summary = pair.summary
        let expired = pair.isExpired
        state.withLock { $0 = (context, summary, expired) }
    }
}
