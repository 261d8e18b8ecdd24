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

    static func error(_ error: SCIMError, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if error.status == 401 { fields[.wwwAuthenticate] = "Bearer realm=\"scimd\"" }
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

    static func noContent(headers: HTTPFields = [:]) -> Response {
        Response(status: .noContent, headers: headers)
    }
}

