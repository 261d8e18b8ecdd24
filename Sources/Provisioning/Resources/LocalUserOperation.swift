/// What an administrator does to a user inside scimd (requirements §9), and the operation
/// name its sync-log entry carries, success or refusal alike, so `scimctl log --operation
/// local-update` finds every local edit apart from what the identity provider sent.
public enum LocalUserOperation: String, Sendable, CaseIterable {
    case create = "local-create"
    case update = "local-update"
    case deactivate = "local-deactivate"
    case activate = "local-activate"
    case delete = "local-delete"

    /// The SCIM write it corresponds to, for the refusal's subject.
    var syncOperation: SyncOperation {
        switch self {
        case .create: return .create
        case .update, .deactivate, .activate: return .patch
        case .delete: return .delete
        }
    }

    /// What the administrator should do in the identity provider instead, for a synced user.
    func remedy(changing attributes: [String]) -> String {
        switch self {
        case .create: return "create it in Entra ID or your identity provider"
        case .update:
            return "change \(attributes.isEmpty ? "its attributes" : "its " + Self.list(attributes)) in Entra ID or your identity provider"
        case .deactivate: return "deactivate it (or remove its assignment) in Entra ID or your identity provider"
        case .activate: return "activate it in Entra ID or your identity provider"
        case .delete: return "delete it (or remove its assignment to the app) in Entra ID or your identity provider"
        }
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ names: [String]) -> String {
        guard names.count > 1, let last = names.last else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }
}
