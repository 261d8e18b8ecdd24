import Foundation
import Testing

@testable import SCIM

// MARK: - Fixtures shared with ResponseProjectionTests

/// Schemas decoded from the repository's `schemas/` files, and the RFC 7643 §8 examples.
enum ValidatorFixtures {
    static let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let coreGroup = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let scimdUser = "urn:scimd:params:scim:schemas:extension:2.0:User"

    /// `<repo>/schemas`, found from this file: Tests/SCIMTests/<file> is three levels below the root.
    static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schemas")

    static func decode<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: schemaDirectory.appendingPathComponent(file)))
    }

    /// The resource type called `name`, with its schemas decoded from the JSON files.
    static func resourceSchema(_ name: String) throws -> ResourceSchema {
        let schemas = try ["User.json", "Group.json", "EnterpriseUser.json", "ScimdUser.json"].map {
            try decode(Schema.self, $0)
        }
        let types = try decode([ResourceType].self, "ResourceTypes.json")
        let type = try #require(types.first { $0.name == name })
        let core = try #require(schemas.first { $0.id == type.schema })
        let extensions = try (type.schemaExtensions ?? []).map { ext in
            (schema: try #require(schemas.first { $0.id == ext.schema }), required: ext.required)
        }
        return ResourceSchema(resourceType: type, core: core, extensions: extensions)
    }

    static func user() throws -> ResourceSchema { try resourceSchema("User") }
    static func group() throws -> ResourceSchema { try resourceSchema("Group") }

    static func object(_ json: String) throws -> SCIMObject {
        try #require(try SCIMValue(parsing: json).objectValue)
    }

    /// RFC 7643 §8.2, full user representation.
    static let fullUserJSON = #"""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
          "id": "2819c223-7f76-453a-919d-413861904646",
          "externalId": "701984",
          "userName": "bjensen@example.com",
          "name": {
            "formatted": "Ms. Barbara J Jensen, III",
            "familyName": "Jensen",
            "givenName": "Barbara",
            "middleName": "Jane",
            "honorificPrefix": "Ms.",
            "honorificSuffix": "III"
          },
          "displayName": "Babs Jensen",
          "nickName": "Babs",
          "profileUrl": "https://login.example.com/bjensen",
          "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
          ],
          "addresses": [
            {"type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood",
             "region": "CA", "postalCode": "91608", "country": "USA",
             "formatted": "100 Universal City Plaza\nHollywood, CA 91608 USA", "primary": true},
            {"type": "home", "streetAddress": "456 Hollywood Blvd", "locality": "Hollywood",
             "region": "CA", "postalCode": "91608", "country": "USA",
             "formatted": "456 Hollywood Blvd\nHollywood, CA 91608 USA"}
          ],
          "phoneNumbers": [
            {"value": "555-555-5555", "type": "work"},
            {"value": "555-555-4444", "type": "mobile"}
          ],
          "ims": [{"value": "someaimhandle", "type": "aim"}],
          "photos": [
            {"value": "https://photos.example.com/profilephoto/72930000000Ccne/F", "type": "photo"},
            {"value": "https://photos.example.com/profilephoto/72930000000Ccne/T", "type": "thumbnail"}
          ],
          "userType": "Employee",
          "title": "Tour Guide",
          "preferredLanguage": "en-US",
          "locale": "en-US",
          "timezone": "America/Los_Angeles",
          "active": true,
          "password": "t1meMa$heen",
          "groups": [
            {"value": "e9e30dba-f08f-4109-8486-d5c6a331660a",
             "$ref": "https://example.com/v2/Groups/e9e30dba-f08f-4109-8486-d5c6a331660a", "display": "Tour Guides"},
            {"value": "fc348aa8-3835-40eb-a20b-c726e15c55b5",
             "$ref": "https://example.com/v2/Groups/fc348aa8-3835-40eb-a20b-c726e15c55b5", "display": "Employees"},
            {"value": "71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7",
             "$ref": "https://example.com/v2/Groups/71ddacd2-a8e7-49b8-a5db-ae50d0a5bfd7", "display": "US Employees"}
          ],
          "x509Certificates": [
            {"value": "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAwTjELMAkGA1UEBhMCVVMx"}
          ],
          "meta": {
            "resourceType": "User",
            "created": "2010-01-23T04:56:22Z",
            "lastModified": "2011-05-13T04:42:34Z",
            "version": "W\/\"a330bc54f0671c9\"",
            "location": "https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646"
          }
        }
        """#

    /// RFC 7643 §8.3, the enterprise user: the full user plus the Enterprise User extension.
    static func enterpriseUser() throws -> SCIMObject {
        var user = try object(fullUserJSON)
        user["schemas"] = [.string(coreUser), .string(enterprise)]
        user[enterprise] = try SCIMValue(
            parsing: #"""
                {
                  "employeeNumber": "701984",
                  "costCenter": "4130",
                  "organization": "Universal Studios",
                  "division": "Theme Park",
                  "department": "Tour Operations",
                  "manager": {
                    "value": "26118915-6090-4610-87e4-49d8ca9f808d",
                    "$ref": "../Users/26118915-6090-4610-87e4-49d8ca9f808d",
                    "displayName": "John Smith"
                  }
                }
                """#)
        return user
    }

    static func fullUser() throws -> SCIMObject { try object(fullUserJSON) }

    /// An object from a literal (SCIMObject itself is not expressible by a dictionary literal).
    static func obj(_ value: SCIMValue) -> SCIMObject { value.objectValue ?? SCIMObject() }

    /// A made-up resource type exercising what the shipped schemas lack: immutable, dateTime,
    /// integer, decimal and returned request/never attributes, and a required sub-attribute.
    static func custom() -> ResourceSchema {
        let core = Schema(
            id: "urn:example:Thing", name: "Thing",
            attributes: [
                AttributeDefinition(name: "code", type: .string, required: true, mutability: .immutable),
                AttributeDefinition(
                    name: "badge", type: .complex,
                    subAttributes: [
                        AttributeDefinition(name: "serial", type: .string, mutability: .immutable),
                        AttributeDefinition(name: "label", type: .string),
                    ]),
                AttributeDefinition(name: "since", type: .dateTime),
                AttributeDefinition(name: "count", type: .integer),
                AttributeDefinition(name: "ratio", type: .decimal),
                AttributeDefinition(name: "secret", type: .string, returned: .request),
                AttributeDefinition(name: "hidden", type: .string, returned: .never),
                AttributeDefinition(
                    name: "links", type: .complex, multiValued: true,
                    subAttributes: [
                        AttributeDefinition(name: "href", type: .reference, required: true),
                        AttributeDefinition(name: "note", type: .string, returned: .request),
                    ]),
            ])
        let type = ResourceType(id: "Thing", name: "Thing", endpoint: "/Things", schema: core.id)
        return ResourceSchema(resourceType: type, core: core, extensions: [])
    }
}

/// Runs `body` and returns the SCIMError it throws, recording an issue if it does not throw.
func expectSCIMError(
    _ sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(SCIMError) -> Void
) -> SCIMError? {
    do {
        try body()
        Issue.record("expected a SCIMError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
