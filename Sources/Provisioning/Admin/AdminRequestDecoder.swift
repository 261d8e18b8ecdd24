import Foundation

/// Decodes an operation from a JSON request body, with every failure told as one sentence
/// naming the field ("'name' is required and must be a string.").
public enum AdminRequestDecoder {
    public static func decode<Body: Decodable>(_ type: Body.Type, from body: [UInt8]) throws(AdminError) -> Body {
        guard !body.isEmpty else { throw AdminError(.invalid, "The body is empty; send a JSON object.") }
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw AdminError(.invalid, message(for: error))
        } catch {
            throw AdminError(.invalid, "The body must be a JSON object.")
        }
    }

    static func message(for error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "'\(path(context.codingPath + [key]))' is required."
        case .valueNotFound(let type, let context):
            return "'\(path(context.codingPath))' is required and must be \(describe(type))."
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty { return "The body must be a JSON object." }
            return "'\(path(context.codingPath))' must be \(describe(type))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "The body is not valid JSON." }
            return "'\(path(context.codingPath))' \(context.debugDescription)."
        @unknown default:
            return "The body could not be read."
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default: return "a \(type)"
        }
    }
}
