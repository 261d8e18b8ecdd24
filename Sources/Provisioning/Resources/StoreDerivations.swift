import Store

/// What the service layer tells the store about attributes it keeps outside the resource body:
/// the scimd extension's computed attributes, and group memberships, which live in the store's
/// membership table (RFC 7643 §4.2 Group `members`, §4.1.2 User `groups`).
enum StoreDerivations {
    static let attributes = DerivedAttributes(
        computed: ScimdExtension.computed,
        memberships: MembershipAttributes(
            groupType: ResourceKind.group.rawValue, members: "members",
            memberTypes: [ResourceKind.user.rawValue, ResourceKind.group.rawValue],
            memberType: ResourceKind.user.rawValue, groups: "groups"))
}
