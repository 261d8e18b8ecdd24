import Foundation
import SCIM
import Store

/// Tenants: the unit of isolation. Every token, resource, mapping and log entry belongs to one.
public final class TenantService: Sendable {
    public static let defaultTenantName = "default"

    let store: any ProvisioningStore
    let clock: ProvisioningClock

    public init(store: any ProvisioningStore, clock: ProvisioningClock = .system) {
        self.store = store
        self.clock = clock
    }

    /// Creates a tenant; names are unique case-insensitively.
    public func createTenant(name: String) async throws -> TenantRecord {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard Self.isValidTenantName(trimmed) else {
            throw AdminError(.invalid, "Tenant names are 1-64 letters, digits, '-', '_' or '.'; '\(name)' is not valid.")
        }
        do {
            return try await store.write { try await $0.createTenant(name: trimmed, nowMs: clock.nowMs()) }
        } catch StoreError.duplicate {
            throw AdminError(.conflict, "A tenant named '\(trimmed)' already exists.")
        }
    }

    static func isValidTenantName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) }
    }

    public func tenants() async throws -> [TenantRecord] {
        try await store.read { try await $0.tenants() }
    }

    /// The tenant called `name`, or an error that says how to list them.
    public func tenant(named name: String) async throws -> TenantRecord {
        guard let tenant = try await store.read({ try await $0.tenant(named: name) }) else {
            throw AdminError(.notFound, "No tenant named '\(name)'; run `scimctl tenants list` to see them.")
        }
        return tenant
    }

    /// Changes a tenant's request limits (nil fields: the server's default), logged as an admin
    /// change. The running server uses them within `RequestRateLimiter.limitsTTL`.
    public func setRateLimits(_ limits: TenantRateLimits, tenantNamed name: String, client: String) async throws -> TenantRecord {
        for (flag, value) in [("rate limit", limits.perSecond), ("burst", limits.burst), ("client rate limit", limits.clientPerSecond)] {
            if let value, !(1...1_000_000).contains(value) {
                throw AdminError(.invalid, "The \(flag) must be 1 to 1000000 requests; got \(value).")
            }
        }
        if let burst = limits.burst, let rate = limits.perSecond, burst < rate {
            throw AdminError(.invalid, "The burst (\(burst)) must be at least the rate limit (\(rate)).")
        }
        let tenant = try await tenant(named: name)
        return try await store.write { tx in
            try await tx.setRateLimits(limits, tenantID: tenant.id)
            try await tx.appendLog(
                SyncLogEntry(
                    tenantID: tenant.id, timeMs: self.clock.nowMs(), client: client, operation: "tenant-set", status: .success,
                    message: "Set the request limits: \(Self.describe(limits))"))
            var changed = tenant
            changed.rateLimits = limits
            return changed
        }
    }

    /// `200/s, burst 400, 200/s per client`, each `default` when unset.
    public static func describe(_ limits: TenantRateLimits) -> String {
        let rate = limits.perSecond.map { "\($0)/s" } ?? "the server's default rate"
        let burst = limits.burst.map(String.init) ?? "default"
        let client = limits.clientPerSecond.map { "\($0)/s" } ?? "the tenant's"
        return "\(rate), burst \(burst), per client \(client)"
    }

    /// Creates the `default` tenant in an empty database; returns it if it was created.
    public func ensureDefaultTenant() async throws -> TenantRecord? {
        try await store.write { tx in
            guard try await tx.tenants().isEmpty else { return nil }
            return try await tx.createTenant(name: Self.defaultTenantName, nowMs: clock.nowMs())
        }
    }
}
