import Foundation
import SCIM
import Store
import Synchronization
import Testing

/// SQLite blocks the thread it runs on; the store must keep that off Swift's cooperative pool,
/// which has one thread per core and runs every other task in the process.
@Suite("SQLite on threads of its own")
struct StoreThreadTests {
    @Test("a write waiting for another process's lock and long reads leave Swift's threads free")
    func cooperativeThreadsStayFree() async throws {
        try await StoreFixture.run { fixture in
            // The write must outwait the external lock however slow the machine is.
            let store = try SQLiteStore(
                path: fixture.path, configuration: .init(lockTimeout: .seconds(60), derivedAttributes: StoreFixture.derivedAttributes))
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            let hold: UInt32 = 9_000_000  // µs each blocked thread stays blocked
            // Another process holds the write lock: the store's write sleeps in SQLite's busy handler.
            let other = try ExternalLock(path: fixture.path)
            let write = Task { try await store.write { try await $0.insertUser(tenant: tenant.id, "after-the-lock") } }
            try await Task.sleep(for: .milliseconds(200))
            // With the write, enough long statements to occupy every cooperative thread (2 here).
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let readers = max(1, min(cores - 1, 3))
            let inside = Locked<(count: Int, allAt: ContinuousClock.Instant?)>((0, nil))
            let reads = (0..<readers).map { _ in
                Task {
                    try await store.read { _ in
                        inside.withLock {
                            $0.count += 1
                            if $0.count == readers { $0.allAt = .now }
                        }
                        usleep(hold)  // what a long statement does to its thread
                    }
                }
            }
            // This task needs a cooperative thread to wake up from each sleep.
            while inside.withLock({ $0.count }) < readers {
                try await Task.sleep(for: .milliseconds(5))
            }
            let woke = ContinuousClock.now
            let allInside = try #require(inside.withLock { $0.allAt })
            let delay = woke - allInside
            other.release()
            for read in reads { try await read.value }
            _ = try await write.value
            // Blocked threads would make it wait the whole 9 s; the margin absorbs a loaded machine (4.7 s seen at a load of 13).
            #expect(delay < .milliseconds(6000), "a task waited \(delay.seconds) s for a thread while SQLite blocked")
            let written = try await store.read { try await $0.resource(tenantID: tenant.id, type: "User", nameKey: "after-the-lock") }
            #expect(written != nil)
        }
    }

    @Test("many concurrent reads and writes all complete, none lost")
    func concurrentMix() async throws {
        try await StoreFixture.run { fixture in
            let store = try fixture.open()
            let tenant = try await store.write { try await $0.createTenant(name: "t", nowMs: 1) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        _ = try await store.write { try await $0.insertUser(tenant: tenant.id, "user-\(i)") }
                    }
                    group.addTask {
                        _ = try await store.read { try await $0.count(tenantID: tenant.id, type: "User") }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.read { try await $0.count(tenantID: tenant.id, type: "User") } == 40)
        }
    }
}
