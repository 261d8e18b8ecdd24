import Foundation
import Hummingbird
import Logging

/// Everything `scimd serve` can be told, from flags or `SCIMD_*` environment variables.
public struct ServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var databasePath: String = "./data/scimd.sqlite"
    /// The directory holding the schema JSON files; found automatically when nil.
    public var schemaDirectory: String?
    /// The SCIM root as identity providers reach it (behind a proxy); derived from `Host` when nil.
    public var publicURL: String?
    /// Request bodies above this size get 413 (also advertised as bulk.maxPayloadSize).
    public var maxBodyBytes: Int = 1_048_576
    public var logLevel: Logger.Level = .info
    /// Sync-log entries older than this many days are pruned in the background.
    public var logRetentionDays: Int = 90

    public init() {}
}

extension ServerConfiguration {
    /// The SCIM root as the client reached it, for `meta.location` and `$ref`.
    func scimBaseURL(for request: Request) -> String {
        if let publicURL { return publicURL }
        let fallback = "\(host):\(port)"
        let host = request.head.authority ?? fallback
        // Host is client-controlled: keep only characters a host[:port] can have.
        let safe = !host.isEmpty && host.utf8.count < 256
            && host.utf8.allSatisfy { b in
                (b >= 48 && b <= 58) || (b >= 65 && b <= 93 && b != 92) || (b >= 97 && b <= 122) || b == 45 || b == 46
            }
        let safeHost = safe ? host : fallback
        return "http://\(safeHost)\(SCIMController.basePath)"
    }
}
