/// The parts of a SCIM answer scimbench checks: a resource, a list response or an error.
/// Every other key is skipped while decoding.
struct SCIMBody: Decodable, Sendable {
    var id: String?
    var userName: String?
    var displayName: String?
    /// `active` as a boolean, also when a server echoes Entra's string "False".
    var active: Bool?
    var detail: String?
    var totalResults: Int?
    var itemsPerPage: Int?
    var startIndex: Int?
    /// RFC 9865 cursor pagination.
    var nextCursor: String?
    var resources: [SCIMBody]?
    var members: [Member]?
    /// A BulkResponse's results (RFC 7644 §3.7.3).
    var operations: [BulkResult]?

    struct Member: Decodable, Sendable {
        var value: String?
    }

    struct BulkResult: Decodable, Sendable {
        var bulkId: String?
        var status: String?
        var location: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, userName, displayName, active, detail, totalResults, itemsPerPage, startIndex, members, nextCursor
        case resources = "Resources"
        case operations = "Operations"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try? c.decodeIfPresent(String.self, forKey: .id)
        userName = try? c.decodeIfPresent(String.self, forKey: .userName)
        displayName = try? c.decodeIfPresent(String.self, forKey: .displayName)
        if let flag = try? c.decodeIfPresent(Bool.self, forKey: .active) {
            active = flag
        } else if let text = try? c.decodeIfPresent(String.self, forKey: .active) {
            active = text.lowercased() == "true" ? true : text.lowercased() == "false" ? false : nil
        }
        detail = try? c.decodeIfPresent(String.self, forKey: .detail)
        totalResults = try? c.decodeIfPresent(Int.self, forKey: .totalResults)
        itemsPerPage = try? c.decodeIfPresent(Int.self, forKey: .itemsPerPage)
        startIndex = try? c.decodeIfPresent(Int.self, forKey: .startIndex)
        nextCursor = try? c.decodeIfPresent(String.self, forKey: .nextCursor)
        resources = try? c.decodeIfPresent([SCIMBody].self, forKey: .resources)
        members = try? c.decodeIfPresent([Member].self, forKey: .members)
        operations = try? c.decodeIfPresent([BulkResult].self, forKey: .operations)
    }
}
