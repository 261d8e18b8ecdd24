import Foundation
import HTTPTypes
import NIOCore
import SCIM

/// The few responses the connection layer writes itself, outside any request handler: a
/// SCIM error body (RFC 7644 §3.12) with `Connection: close`, the connection ends after it.
enum RawErrorResponse {
    /// Head fields for `error`: media type, length, `Date` (RFC 9110 §6.6.1), `Connection: close`
    /// (RFC 9112 §9.6), and `Retry-After` on 503 (RFC 9110 §10.2.3).
    static func fields(for error: SCIMError, bodyLength: Int) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = SCIMResponse.contentType
        fields[.contentLength] = String(bodyLength)
        fields[.date] = httpDate(Date())
        fields[.connection] = "close"
        if error.status == 503 { fields[.retryAfter] = SCIMResponse.retryAfterSeconds }
        return fields
    }

    static func body(for error: SCIMError) -> ByteBuffer { ByteBuffer(bytes: error.body.serialized()) }

    /// The whole HTTP/1.1 response as bytes, for a connection that has no HTTP codec yet.
    static func http1Bytes(for error: SCIMError) -> ByteBuffer {
        let body = body(for: error)
        let status = HTTPResponse.Status(code: error.status)
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in fields(for: error, bodyLength: body.readableBytes) { head += "\(field.name): \(field.value)\r\n" }
        head += "\r\n"
        var buffer = ByteBuffer(string: head)
        buffer.writeImmutableBuffer(body)
        return buffer
    }

    /// IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
