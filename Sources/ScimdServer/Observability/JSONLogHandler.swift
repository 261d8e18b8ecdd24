import Foundation
import Logging
import SCIM
import Synchronization

/// `--log-format json`: one JSON object per line on stderr, for log shippers (journald,
/// Fluent Bit, Loki, CloudWatch): `{"time","level","label","message","metadata"?, "source"?}`,
/// `time` in RFC 3339 with milliseconds. Metadata keeps its structure (strings, arrays,
/// dictionaries). A line is written with one `write(2)`, so lines of concurrent tasks never
/// interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let output: @Sendable (String) -> Void

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, output: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        output(Self.line(time: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged) + "\n")
    }

    /// One log line's JSON text, keys in a fixed order.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var text = "{\"time\":" + quoted(timestamp(time)) + ",\"level\":" + quoted(level.rawValue) + ",\"label\":" + quoted(label)
        text += ",\"message\":" + quoted(message)
        if !metadata.isEmpty { text += ",\"metadata\":" + json(.dictionary(metadata)) }
        return text + "}"
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .stringConvertible(let c): return quoted(c.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            return "{" + entries.keys.sorted().map { quoted($0) + ":" + json(entries[$0] ?? .string("")) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal (RFC 8259 §7), escaped by the project's own JSON writer.
    static func quoted(_ text: String) -> String {
        SCIMValue.string(text).jsonString
    }

    static func timestamp(_ date: Date) -> String {
        let ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(ms % 1000))
    }

    /// Writes a whole line to stderr in one call.
    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(2, base + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// How scimd writes its log (`--log-format`).
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// Bootstraps swift-log for the process, once: later calls do nothing (swift-log allows
    /// one bootstrap per process; tests start several servers in one).
    public func bootstrap(level: Logger.Level) {
        let format = self
        LogFormat.once.withLock { done in
            guard !done else { return }
            done = true
            LoggingSystem.bootstrap { label in
                var handler: any LogHandler = format == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    private static let once = Mutex(false)
}
