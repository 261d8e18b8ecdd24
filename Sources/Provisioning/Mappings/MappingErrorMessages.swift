import Store

/// The administrator-facing text of mapping errors: the exact prefixes administrators of such
/// systems know (requirements §4), what happened, and what to do.
enum MappingErrorMessages {
    static let rolePrefix = "Unable to update user's role"
    static let organizationPrefix = "Unable to move existing user to an organization"

    enum Reason: String {
        case roleMissing = "role_missing"
        case mappingDeleted = "mapping_deleted"
        case organizationMissing = "organization_missing"
    }

    static func message(_ reason: Reason, user: String, group: String, target: String, mappingID: Int64?) -> String {
        let mapping = mappingID.map { "mapping \($0)" } ?? "a deleted mapping"
        switch reason {
        case .roleMissing:
            return "\(rolePrefix): role '\(target)' mapped from group '\(group)' (\(mapping)) no longer exists, so user '\(user)' does not have it."
        case .mappingDeleted:
            return "\(rolePrefix): the mapping that gave user '\(user)' role '\(target)' through group '\(group)' was deleted, so the role was removed."
        case .organizationMissing:
            return "\(organizationPrefix): organization '\(target)' mapped from group '\(group)' (\(mapping)) no longer exists, so user '\(user)' could not be moved to it."
        }
    }

    static func remedy(_ reason: Reason, group: String, target: String, mappingID: Int64?) -> String {
        let noResync = "scimd re-applies it by itself; no re-sync from the identity provider is needed."
        switch reason {
        case .roleMissing:
            return "Create the role again with the same name (scimctl roles create '\(target)'), or point the group at an existing role (scimctl mappings remove \(mappingID.map(String.init) ?? "ID"); scimctl mappings add-role --group '\(group)' --role NAME). \(noResync)"
        case .mappingDeleted:
            return "If members of '\(group)' should keep role '\(target)', re-create the mapping (scimctl mappings add-role --group '\(group)' --role '\(target)'); \(noResync) If removing the role was intended, nothing needs to be done."
        case .organizationMissing:
            return "Create an organization with the same name (scimctl orgs create '\(target)'), or create a new organization and map the group to it (scimctl mappings add-org --group '\(group)' --org NAME). \(noResync)"
        }
    }
}
