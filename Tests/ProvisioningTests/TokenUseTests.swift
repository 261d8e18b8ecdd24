import Foundation
import Provisioning
import SCIM
import Store
import Synchronization
import Testing

/// Recording when a token was last used is bookkeeping: a request must never wait for the
/// writer to do it.
@Suite("Token last-use recording")
struct TokenUseTests {
    @Test("authentication answers promptly while a long write holds the writer, and last use is written afterwards")
    func authenticationNeverWaitsForTheWriter() async throws {
        try await ServiceFixture.run { f in
            let issued = try await f.services.tokenAdministration.createToken(name: "idp")
            let entered = AsyncStream.makeStream(of: Void.self)
            let writeEnded = Locked<ContinuousClock.Instant?>(nil)
            // A long transaction: it holds the writer's turn and blocks the writer's thread for 6 s,
            // long enough that even a test task slow to wake on a loaded machine asks during it.
            let long = Task {
                try await f.services.store.write { _ in
                    entered.continuation.yield()
                    usleep(6_000_000)
                    writeEnded.withLock { $0 = .now }
                }
            }
            for await _ in entered.stream { break }
            let start = ContinuousClock.now
            let record = try await f.services.authenticator.authenticate(secret: issued.secret, kind: .scim)
            let answered = ContinuousClock.now
            #expect(record?.id == issued.record.id)
            #expect(answered - start < .milliseconds(1500), "authentication took \(answered - start) behind a long write")
            // Also when this task itself was slow to wake: the answer came while the write still ran.
            let ended = writeEnded.value
            #expect(ended.map { answered < $0 } ?? true, "authentication was answered only after the long write ended")
            // The use is not lost: once the writer is free it reaches the database.
            try await long.value
            var lastUsed: Int64?
            for _ in 0..<100 where lastUsed == nil {
                lastUsed = try await f.services.tokenAdministration.tokens(tenantName: nil).first { $0.id == issued.record.id }?.lastUsedMs
                if lastUsed == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(lastUsed != nil)
        }
    }

    @Test("fifty concurrent authentications with one token all succeed, and its last use is written")
    func burstOfUses() async throws {
        try await ServiceFixture.run { f in
            let issued = try await f.services.tokenAdministration.createToken(name: "idp")
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await f.services.authenticator.authenticate(secret: issued.secret, kind: .scim) != nil }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.count == 50 && results.allSatisfy { $0 })
            var lastUsed: Int64?
            for _ in 0..<100 where lastUsed == nil {
                lastUsed = try await f.services.tokenAdministration.tokens(tenantName: nil).first { $0.id == issued.record.id }?.lastUsedMs
                if lastUsed == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(lastUsed != nil)
            // An unknown secret is refused without touching the writer.
            #expect(try await f.services.authenticator.authenticate(secret: "scimd_nope", kind: .scim) == nil)
        }
    }
}

/// A value shared between tasks and threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}
