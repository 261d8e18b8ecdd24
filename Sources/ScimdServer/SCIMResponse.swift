import Hummingbird
import NIOCore
import SCIM

/// Builds SCIM responses: `application/scim+json` bodies (RFC 7644 §3.1) from `SCIMValue`.
enum SCIMResponse {
    static let contentType = "application/scim+json; charset=utf-8"
    static let listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

    static func json(_ value: SCIMValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = contentType
        let bytes = value.serialized()
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    /// An object with one more array member whose elements are serialized one at a time, so a
    /// large list never exists as values all at once. An empty list is left out (RFC 7643 §2.5).
    static func json(
        _ value: SCIMValue, appending key: String, elements: some Sequence<SCIMValue>, count: Int,
        status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var bytes = value.serialized()
        guard count > 0, bytes.last == UInt8(ascii: "}") else { return json(value, status: status, headers: headers) }
        bytes.removeLast()
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes += SCIMValue.string(key).serialized()
        bytes += Array(":[".utf8)
        bytes.reserveCapacity(bytes.count + count * 160)
        var first = true
        for element in elements {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            bytes += element.serialized()
        }
        bytes += Array("]}".utf8)
        var fields = headers
        fields[.contentType] = contentType
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: buffer))
    }

    /// Seconds a client is asked to wait after a 503: the lock it met was already held for
    /// SQLite's 5-second busy timeout.
    static let retryAfterSeconds = "5"

    static func error(_ error: SCIMError, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if error.status == 401 { fields[.wwwAuthenticate] = "Bearer realm=\"scimd\"" }
        // RFC 9110 §10.2.3: a 503 says when to come back.
        if error.status == 503, fields[.retryAfter] == nil { fields[.retryAfter] = retryAfterSeconds }
        return json(error.body, status: HTTPResponse.Status(code: error.status), headers: fields)
    }

    static func list(_ resources: [SCIMValue], total: Int, startIndex: Int) -> Response {
        json([
            "schemas": [.string(listSchema)],
            "totalResults": .integer(total),
            "itemsPerPage": .integer(resources.count),
            "startIndex": .integer(startIndex),
            "Resources": .array(resources),
        ])
    }

    /// A page of a cursor walk (RFC 9865 §2): no `startIndex`, and `nextCursor` on every page
    /// but the last.
    static func cursorList(_ resources: [SCIMValue], total: Int, nextCursor: String?) -> Response {
        var body = SCIMObject()
        body["schemas"] = [.string(listSchema)]
        body["totalResults"] = .integer(total)
        body["itemsPerPage"] = .integer(resources.count)
        if let nextCursor { body["nextCursor"] = .string(nextCursor) }
        body["Resources"] = .array(resources)
        return json(.object(body))
    }

    static func noContent(headers: HTTPFields = [:]) -> Response {
        Response(status: .noContent, headers: headers)
    }
}

