import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the certificate and key on SIGHUP, as servers conventionally do, so a renewed
/// certificate (Let's Encrypt every 60–90 days) is served without a restart.
struct TLSReloadService: Service {
    let tls: ReloadableTLSContext
    let logger: Logger
    private let signals: UnixSignalsSequence

    /// Traps SIGHUP at once: a SIGHUP arriving before the service runs would otherwise end
    /// the process (its default action).
    init(tls: ReloadableTLSContext, logger: Logger) async {
        self.tls = tls
        self.logger = logger
        signals = await UnixSignalsSequence(trapping: .sighup)
    }

    func run() async throws {
        logger.info("serving HTTPS with the TLS certificate \(tls.summary)")
        if tls.isExpired { logger.warning("the TLS certificate in \(tls.files.certificatePath) has expired; clients will refuse it") }
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                try tls.reload()
                logger.notice("SIGHUP: serving new connections with the TLS certificate \(tls.summary)")
                if tls.isExpired { logger.warning("the TLS certificate in \(tls.files.certificatePath) has expired; clients will refuse it") }
            } catch {
                logger.error("SIGHUP: TLS certificate not reloaded, the previous one stays in service: \(error.message)")
            }
        }
    }
}
