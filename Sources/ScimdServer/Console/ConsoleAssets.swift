import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The stylesheet and script, compiled into the binary (no resource bundle to lose at install)
/// and served with a strong ETag and a day's caching (RFC 9111 §5.2.2.1, RFC 9110 §8.8.3).
struct ConsoleAssets: Sendable {
    struct Asset: Sendable {
        let body: String
        let contentType: String
        let etag: String
    }

    let assets: [String: Asset]

    init() {
        func asset(_ body: String, _ type: String) -> Asset {
            let digest = SHA256.hash(data: Data(body.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
            return Asset(body: body, contentType: type, etag: "\"\(digest)\"")
        }
        assets = [
            "console.css": asset(ConsoleStylesheet.css, "text/css; charset=utf-8"),
            "console.js": asset(ConsoleScript.js, "text/javascript; charset=utf-8"),
        ]
    }

    /// The asset `name`, or 304 when the client's `If-None-Match` names its ETag; nil when unknown.
    func response(_ name: String, headers: HTTPFields) -> Response? {
        guard let asset = assets[name] else { return nil }
        var fields = HTTPFields()
        fields[.eTag] = asset.etag
        fields[.cacheControl] = "public, max-age=86400"
        // RFC 9110 §13.1.2: If-None-Match lists entity tags, or is *.
        if let match = headers[.ifNoneMatch],
            match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: fields)
        }
        fields[.contentType] = asset.contentType
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: asset.body)))
    }
}
