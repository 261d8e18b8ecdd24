/// The `scimType` values of RFC 7644 §3.12, Table 9, and the pagination errors RFC 9865 §2.1
/// (Table 3) adds to it.
public enum SCIMErrorType: String, Sendable, Hashable, Codable {
    case invalidFilter, tooMany, uniqueness, mutability, invalidSyntax, invalidPath, noTarget, invalidValue,
        invalidVers, sensitive
    case invalidCursor, expiredCursor, invalidCount
}

/// An error a client can act on, rendered as the SCIM error schema (RFC 7644 §3.12).
public struct SCIMError: Error, Sendable, Hashable, CustomStringConvertible {
    public static let schema = "urn:ietf:params:scim:api:messages:2.0:Error"

    public var status: Int
    public var scimType: SCIMErrorType?
    public var detail: String

    public init(status: Int, scimType: SCIMErrorType? = nil, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    public var description: String {
        "\(status)\(scimType.map { " \($0.rawValue)" } ?? ""): \(detail)"
    }

    /// The response body.
    public var body: SCIMValue {
        var object = SCIMObject()
        object["schemas"] = .array([.string(Self.schema)])
        object["status"] = .string(String(status))
        if let scimType { object["scimType"] = .string(scimType.rawValue) }
        object["detail"] = .string(detail)
        return .object(object)
    }
}

extension SCIMError {
    public static func invalidFilter(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidFilter, detail: detail) }
    public static func invalidSyntax(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidSyntax, detail: detail) }
    public static func invalidPath(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidPath, detail: detail) }
    public static func invalidValue(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidValue, detail: detail) }
    public static func noTarget(_ detail: String) -> SCIMError { .init(status: 400, scimType: .noTarget, detail: detail) }
    public static func mutability(_ detail: String) -> SCIMError { .init(status: 400, scimType: .mutability, detail: detail) }
    public static func invalidVersion(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidVers, detail: detail) }
    public static func tooMany(_ detail: String) -> SCIMError { .init(status: 400, scimType: .tooMany, detail: detail) }
    // RFC 9865 §2.1: pagination errors are 400 with these detail types.
    public static func invalidCursor(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidCursor, detail: detail) }
    public static func expiredCursor(_ detail: String) -> SCIMError { .init(status: 400, scimType: .expiredCursor, detail: detail) }
    public static func invalidCount(_ detail: String) -> SCIMError { .init(status: 400, scimType: .invalidCount, detail: detail) }
    public static func uniqueness(_ detail: String) -> SCIMError { .init(status: 409, scimType: .uniqueness, detail: detail) }
    public static func badRequest(_ detail: String) -> SCIMError { .init(status: 400, detail: detail) }
    public static func unauthorized(_ detail: String) -> SCIMError { .init(status: 401, detail: detail) }
    public static func forbidden(_ detail: String) -> SCIMError { .init(status: 403, detail: detail) }
    public static func notFound(_ detail: String) -> SCIMError { .init(status: 404, detail: detail) }
    public static func notFound(resourceType: String, id: String) -> SCIMError {
        .init(status: 404, detail: "\(resourceType) \(id) not found")
    }
    public static func methodNotAllowed(_ detail: String) -> SCIMError { .init(status: 405, detail: detail) }
    public static func conflict(_ detail: String) -> SCIMError { .init(status: 409, detail: detail) }
    public static func preconditionFailed(_ detail: String) -> SCIMError { .init(status: 412, detail: detail) }
    public static func payloadTooLarge(_ detail: String) -> SCIMError { .init(status: 413, detail: detail) }
    public static func unsupportedMediaType(_ detail: String) -> SCIMError { .init(status: 415, detail: detail) }
    public static func notImplemented(_ detail: String) -> SCIMError { .init(status: 501, detail: detail) }
    public static func internalError(_ detail: String) -> SCIMError { .init(status: 500, detail: detail) }
    public static func unavailable(_ detail: String) -> SCIMError { .init(status: 503, detail: detail) }
}
