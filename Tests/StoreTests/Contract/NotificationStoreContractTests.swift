import SCIM
import Store
import Testing

@Suite("Store contract: NotificationStore")
struct NotificationStoreContractTests {
    static func subscription(_ id: String, tenant: Int64, createdMs: Int64 = 10) -> SubscriptionRecord {
        SubscriptionRecord(
            id: id, tenantID: tenant, channel: .webhook, target: "https://hooks.example.com/\(id)", secret: "s3cret-\(id)",
            eventTypes: ["user.created", "user.deleted"], frequency: .errorsOnly, reportHour: 7, timeZone: "Europe/Berlin",
            errorWindowMs: 1_000, batchSize: 1, createdMs: createdMs)
    }

    static func delivery(_ id: String, subscription: String, tenant: Int64, dueMs: Int64 = 100, createdMs: Int64 = 50) -> DeliveryRecord {
        DeliveryRecord(
            id: id, subscriptionID: subscription, tenantID: tenant, kind: "user.created", firstEventSeq: 1, lastEventSeq: 1,
            payload: #"{"id":"\#(id)"}"#, nextAttemptMs: dueMs, createdMs: createdMs)
    }

    @Test("subscriptions are per tenant, round-trip every field, update settings only, and cursors never go back",
          arguments: StoreFactory.all)
    func subscriptions(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let (a, b) = try await store.write { tx async throws in
                (try await tx.createTenant(name: "a", nowMs: 1).id, try await tx.createTenant(name: "b", nowMs: 1).id)
            }
            try await store.write { tx async throws in
                try await tx.insertSubscription(Self.subscription("s1", tenant: a, createdMs: 10))
                try await tx.insertSubscription(Self.subscription("s2", tenant: b, createdMs: 11))
                try await tx.insertSubscription(Self.subscription("s3", tenant: a, createdMs: 12))
            }
            await #expect(throws: StoreError.duplicate(field: "subscription id")) {
                try await store.write { try await $0.insertSubscription(Self.subscription("s1", tenant: b)) }
            }
            #expect(try await store.read { try await $0.subscriptions(tenantID: a) }.map(\.id) == ["s1", "s3"])
            #expect(try await store.read { try await $0.subscriptions(tenantID: nil) }.map(\.id) == ["s1", "s2", "s3"])
            #expect(try await store.read { try await $0.subscription(id: "s1", tenantID: a) } == Self.subscription("s1", tenant: a))
            #expect(try await store.read { try await $0.subscription(id: "s1", tenantID: b) } == nil)

            var changed = Self.subscription("s1", tenant: a)
            changed.target = "https://other.example.com/"
            changed.eventTypes = []
            changed.frequency = .never
            changed.updatedMs = 99
            changed.eventCursor = 1_000  // not a setting: must not move
            #expect(try await store.write { try await $0.updateSubscription(changed) })
            let updated = try #require(try await store.read { try await $0.subscription(id: "s1", tenantID: a) })
            #expect(updated.target == "https://other.example.com/" && updated.eventTypes == [] && updated.frequency == .never)
            #expect(updated.updatedMs == 99 && updated.eventCursor == 0)
            var foreign = changed
            foreign.tenantID = b
            #expect(try await store.write { try await $0.updateSubscription(foreign) } == false)

            try await store.write {
                try await $0.setSubscriptionCursors(id: "s1", eventCursor: 7, logCursor: 5, errorWindowStartMs: 40, lastReportMs: 30)
            }
            try await store.write {
                try await $0.setSubscriptionCursors(id: "s1", eventCursor: 3, logCursor: 9, errorWindowStartMs: nil, lastReportMs: 31)
            }
            let moved = try #require(try await store.read { try await $0.subscription(id: "s1", tenantID: a) })
            #expect(moved.eventCursor == 7 && moved.logCursor == 9 && moved.errorWindowStartMs == nil && moved.lastReportMs == 31)

            #expect(try await store.write { try await $0.deleteSubscription(id: "s1", tenantID: b) } == false)
            #expect(try await store.write { try await $0.deleteSubscription(id: "s1", tenantID: a) })
            #expect(try await store.read { try await $0.subscriptions(tenantID: a) }.map(\.id) == ["s3"])
        }
    }

    @Test("claiming leases due deliveries once, a lapsed lease is taken over, and only the holder finishes",
          arguments: StoreFactory.all)
    func claims(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            try await store.write { tx async throws in
                try await tx.insertSubscription(Self.subscription("s", tenant: t))
                try await tx.insertDelivery(Self.delivery("d1", subscription: "s", tenant: t, dueMs: 100))
                try await tx.insertDelivery(Self.delivery("d2", subscription: "s", tenant: t, dueMs: 200))
                try await tx.insertDelivery(Self.delivery("later", subscription: "s", tenant: t, dueMs: 10_000))
            }
            await #expect(throws: StoreError.duplicate(field: "delivery id")) {
                try await store.write { try await $0.insertDelivery(Self.delivery("d1", subscription: "s", tenant: t)) }
            }
            func claim(_ owner: String, at now: Int64, limit: Int = 10, leaseMs: Int64 = 1_000) async throws -> [String] {
                try await store.write { try await $0.claimDeliveries(owner: owner, nowMs: now, leaseMs: leaseMs, limit: limit) }.map(\.id)
            }
            #expect(try await claim("A", at: 300, limit: 1) == ["d1"])
            #expect(try await claim("B", at: 300, leaseMs: 1_000_000) == ["d2"])  // d1 is A's; "later" is not due
            #expect(try await claim("C", at: 400) == [])
            // A's lease on d1 ran out (300 + 1000): C takes it over, and A can no longer finish it.
            #expect(try await claim("C", at: 1_300) == ["d1"])
            let lateA = DeliveryAttemptRecord(deliveryID: "d1", subscriptionID: "s", timeMs: 1_350, durationMs: 5, httpStatus: 200, error: nil)
            #expect(try await store.write { try await $0.finishAttempt(lateA, owner: "A", outcome: .delivered) } == false)
            let byC = DeliveryAttemptRecord(deliveryID: "d1", subscriptionID: "s", timeMs: 1_360, durationMs: 7, httpStatus: 500, error: "HTTP 500")
            #expect(try await store.write { try await $0.finishAttempt(byC, owner: "C", outcome: .retry(atMs: 5_000)) })
            let retried = try #require(try await store.read { try await $0.delivery(id: "d1") })
            #expect(retried.state == .pending && retried.attempts == 1 && retried.nextAttemptMs == 5_000)
            #expect(retried.lastError == "HTTP 500" && retried.leaseOwner == nil && retried.finishedMs == nil)
            #expect(try await claim("A", at: 4_999) == [])
            #expect(try await claim("A", at: 5_000) == ["d1"])
            let ok = DeliveryAttemptRecord(deliveryID: "d1", subscriptionID: "s", timeMs: 5_010, durationMs: 3, httpStatus: 204, error: nil)
            #expect(try await store.write { try await $0.finishAttempt(ok, owner: "A", outcome: .delivered) })
            // A finished delivery is never claimed again, nor finished twice.
            #expect(try await claim("A", at: 99_999).contains("d1") == false)
            #expect(try await store.write { try await $0.finishAttempt(ok, owner: "A", outcome: .failed) } == false)
            let done = try #require(try await store.read { try await $0.delivery(id: "d1") })
            #expect(done.state == .delivered && done.attempts == 2 && done.finishedMs == 5_010 && done.lastError == nil)

            // Every attempt is kept, the lost one included, newest first.
            let attempts = try await store.read { try await $0.deliveryAttempts(subscriptionID: "s", limit: 10) }
            #expect(attempts.map(\.timeMs) == [5_010, 5_010, 1_360, 1_350])
            #expect(attempts[2].httpStatus == 500 && attempts[2].error == "HTTP 500" && attempts[2].durationMs == 7)
            #expect(try await store.read { try await $0.deliveryCounts(subscriptionID: "s") } == DeliveryCounts(pending: 2, delivered: 1))
            #expect(try await store.read { try await $0.deliveries(subscriptionID: "s", state: .delivered, limit: 10) }.map(\.id) == ["d1"])
        }
    }

    @Test("a claim for some channels takes only their subscriptions' deliveries; the rest stay free for another claimer",
          arguments: StoreFactory.all)
    func claimsByChannel(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            try await store.write { tx async throws in
                try await tx.insertSubscription(Self.subscription("hook", tenant: t))
                var mail = Self.subscription("mail", tenant: t)
                mail.channel = .email
                try await tx.insertSubscription(mail)
                try await tx.insertDelivery(Self.delivery("to-mail", subscription: "mail", tenant: t, dueMs: 100))
                try await tx.insertDelivery(Self.delivery("to-hook", subscription: "hook", tenant: t, dueMs: 200))
            }
            func claim(_ owner: String, _ channels: [SubscriptionChannel]?) async throws -> [String] {
                try await store.write {
                    try await $0.claimDeliveries(owner: owner, nowMs: 300, leaseMs: 1_000, limit: 10, channels: channels)
                }.map(\.id)
            }
            #expect(try await claim("webhooks only", [.webhook]) == ["to-hook"])
            #expect(try await claim("no channel", []) == [])
            #expect(try await claim("mailer", [.email, .webhook]) == ["to-mail"])
            #expect(try await claim("anyone", nil) == [])
        }
    }

    @Test("two claimers racing get disjoint deliveries", arguments: StoreFactory.all)
    func racingClaims(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            try await store.write { tx async throws in
                try await tx.insertSubscription(Self.subscription("s", tenant: t))
                for i in 0..<40 { try await tx.insertDelivery(Self.delivery("d\(i)", subscription: "s", tenant: t, dueMs: Int64(i))) }
            }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for owner in ["A", "B", "C", "D"] {
                    group.addTask {
                        var mine: [String] = []
                        for _ in 0..<5 {
                            mine += try await store.write {
                                try await $0.claimDeliveries(owner: owner, nowMs: 1_000, leaseMs: 60_000, limit: 3)
                            }.map(\.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 40 && Set(claimed).count == 40)
        }
    }

    @Test("a failed delivery is final; deleting a subscription removes its deliveries; pruning keeps pending ones",
          arguments: StoreFactory.all)
    func failAndPrune(_ factory: StoreFactory) async throws {
        try await factory.run { store async throws in
            let t = try await store.write { try await $0.createTenant(name: "t", nowMs: 1).id }
            try await store.write { tx async throws in
                try await tx.insertSubscription(Self.subscription("s", tenant: t))
                try await tx.insertSubscription(Self.subscription("gone", tenant: t))
                try await tx.insertDelivery(Self.delivery("fail", subscription: "s", tenant: t))
                try await tx.insertDelivery(Self.delivery("wait", subscription: "s", tenant: t, dueMs: 1_000_000))
                try await tx.insertDelivery(Self.delivery("x", subscription: "gone", tenant: t))
            }
            _ = try await store.write { try await $0.claimDeliveries(owner: "A", nowMs: 500, leaseMs: 100, limit: 10) }
            let last = DeliveryAttemptRecord(deliveryID: "fail", subscriptionID: "s", timeMs: 600, durationMs: 10_000, httpStatus: nil, error: "timed out")
            #expect(try await store.write { try await $0.finishAttempt(last, owner: "A", outcome: .failed) })
            let failed = try #require(try await store.read { try await $0.delivery(id: "fail") })
            #expect(failed.state == .failed && failed.finishedMs == 600 && failed.lastError == "timed out")
            #expect(try await store.write { try await $0.claimDeliveries(owner: "B", nowMs: 10_000, leaseMs: 100, limit: 10) }.map(\.id) == ["x"])

            #expect(try await store.write { try await $0.deleteSubscription(id: "gone", tenantID: t) })
            #expect(try await store.read { try await $0.delivery(id: "x") } == nil)

            #expect(try await store.write { try await $0.pruneDeliveries(beforeMs: 600, limit: 10) } == 0)
            #expect(try await store.write { try await $0.pruneDeliveries(beforeMs: 601, limit: 10) } == 1)
            #expect(try await store.read { try await $0.deliveries(subscriptionID: "s", state: nil, limit: 10) }.map(\.id) == ["wait"])
            #expect(try await store.read { try await $0.deliveryAttempts(subscriptionID: "s", limit: 10) }.isEmpty)
        }
    }
}
