/// Where a User or Group is managed (requirements §9, source of truth): `scim` when an
/// identity provider provisioned it over SCIM (RFC 7644 §3.3), `local` when an administrator
/// created it in scimd. Stored in `resources.source`; the raw values are what the column and the
/// scimd extension's `source` attribute hold (its canonical values, `schemas/ScimdUser.json`).
public enum ResourceSource: String, Sendable, Hashable, CaseIterable {
    /// Provisioned by the identity provider, which owns its attributes and active state.
    case scim
    /// Created in scimd by an administrator, who manages it there.
    case local
}
