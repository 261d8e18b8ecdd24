import SCIM
import Store

extension MappingRecord {
    /// Whether this mapping names `group` (requirements §4): by displayName, case-insensitively,
    /// or by externalId, exactly. The assignment engine and the diagnostic decide it the same way.
    func names(_ group: GroupIdentity) -> Bool {
        caseFold(group.displayName) == caseFold(groupRef) || group.externalID == groupRef
    }

    /// Organization precedence (requirements §4): the lower priority number wins; on a tie, the
    /// older mapping.
    func precedes(_ other: MappingRecord) -> Bool {
        (priority, id) < (other.priority, other.id)
    }
}
