import Foundation
import Hummingbird
import Provisioning
import SCIM

/// `/admin/v1/users` writes: users managed in scimd itself (requirements §9). The bodies are
/// SCIM's own — a User for the create (RFC 7644 §3.3), a PatchOp for the update (RFC 7644
/// §3.5.2) — so what an administrator sends here reads like what an identity provider sends.
/// A user the identity provider manages is refused with 409 and where to change it.
extension AdminRoutes {
    func addLocalUserRoutes(_ admin: AdminRouteBuilder) {
        admin.post("users", status: .created) { request, _ in
            CreateLocalUser(user: try await scimObject(request, what: "A User"))
        }
        admin.patch("users/:key") { request, context in
            UpdateLocalUser(user: try parameter("key", context), request: .object(try await scimObject(request, what: "A PatchOp request")))
        }
        admin.post("users/:key/deactivate", status: .ok) { _, context in
            SetLocalUserActive(user: try parameter("key", context), active: false)
        }
        admin.post("users/:key/activate", status: .ok) { _, context in
            SetLocalUserActive(user: try parameter("key", context), active: true)
        }
        admin.delete("users/:key", status: .noContent) { _, context in DeleteLocalUser(user: try parameter("key", context)) }
    }

    /// The body as a JSON object, or one sentence saying why it is not one.
    private func scimObject(_ request: Request, what: String) async throws -> SCIMObject {
        let buffer = try await request.collectSCIMBody(
            upTo: Self.maxBodyBytes, tooLarge: .payloadTooLarge("Admin request bodies are limited to 64 KiB"))
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw AdminError(.invalid, "The body is empty; send \(what.lowercased()) as a JSON object.") }
        let value: SCIMValue
        do {
            value = try SCIMValue(parsing: bytes)
        } catch {
            throw AdminError(.invalid, "The body is not valid JSON: \(error.detail)")
        }
        guard case .object(let object) = value else { throw AdminError(.invalid, "\(what) must be a JSON object.") }
        return object
    }
}
